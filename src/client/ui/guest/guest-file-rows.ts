/**
 * A guest page's list of the transfer's files: a row for each of the first ROWS_SHOWN files with its name,
 * size, state and progress bar, drawn from the page state, and one summary line for the rest (a row each for
 * 3,000 files kept the page busy laying them out, so sending slowed to a few files a second). Each render
 * touches only the rows whose state changed. How an arrived file looks differs by direction (a finished bar
 * when it was sent, a download link when it was received); files past the rows are in "Download all".
 */
import { h, replace, setText } from '../dom.ts';
import { fileName, ROWS_SHOWN, rowsAndRest } from '../file-rows.ts';
import { formatBytes } from '../format.ts';
import { ProgressView } from '../progress.ts';
import { t } from '../words.ts';
import type { FileRow, Transfer } from './guest-state.ts';
import { fileStatusText, type GuestWords } from './guest-words.ts';

/** One row as drawn. */
export interface RowView {
  readonly item: HTMLLIElement;
  readonly name: HTMLElement;
  readonly state: HTMLElement;
  readonly progress: ProgressView;
}

export interface RowLook {
  /** The row's class (`list__item` comes with it). */
  itemClass: string;
  /** The state text's class. */
  stateClass: string;
  /** Added to the row once its file arrived. */
  arrivedClass: string;
  /** What an arrived file's row shows besides its state. */
  showArrived(view: RowView, row: FileRow): void;
  /** Whether a row's bar shows (`stopped`: the transfer ended without it). */
  barShown(row: FileRow, transfer: Transfer, stopped: boolean): boolean;
  /** What a file that did not arrive says once the transfer stopped (null: its last state). */
  notArrived: string | null;
}

export class FileRowsView {
  readonly #views: RowView[];
  readonly #drawn: (FileRow | null)[];
  /** What every row's drawing depends on besides its own state: drawn for these values. */
  #drawnFor = { stopped: false, offered: false };
  /** The files past the rows: how many, their bytes, and how many of them arrived (as last drawn). */
  readonly #rest: { files: number; bytes: number; arrived: number };
  readonly #summary = h('li', { class: 'list__item guest-files__more meta' });

  constructor(
    list: HTMLElement,
    files: readonly { name: string; size: number }[],
    private readonly look: RowLook,
    private readonly words: GuestWords,
  ) {
    const { shown, rest } = rowsAndRest(files, (f) => f.size);
    this.#rest = { ...rest, arrived: -1 };
    this.#views = shown.map((f) => {
      const name = fileName(f.name);
      const state = h('span', { class: look.stateClass }, '');
      const progress = new ProgressView(t('progress.ofFile', { name: f.name }));
      const item = h(
        'li',
        { class: `list__item ${look.itemClass}` },
        h('div', { class: 'list__row' }, name, h('span', { class: 'meta' }, formatBytes(f.size)), state),
        progress.element,
      );
      return { item, name, state, progress };
    });
    this.#drawn = this.#views.map(() => null);
    replace(list, [...this.#views.map((v) => v.item), ...(rest.files > 0 ? [this.#summary] : [])]);
    this.#sum(0);
  }

  #sum(arrived: number): void {
    if (this.#rest.files === 0 || arrived === this.#rest.arrived) return;
    this.#rest.arrived = arrived;
    const { files, bytes } = this.#rest;
    setText(this.#summary, t('rows.more', { count: files, size: formatBytes(bytes), arrived }));
  }

  render(transfer: Transfer, stopped: boolean): void {
    const all = stopped !== this.#drawnFor.stopped || transfer.offered !== this.#drawnFor.offered;
    this.#drawnFor = { stopped, offered: transfer.offered };
    let arrived = 0;
    for (let i = ROWS_SHOWN; i < transfer.files.length; i++)
      if (transfer.files[i]?.status.kind === 'arrived') arrived += 1;
    this.#sum(arrived);
    transfer.files.slice(0, ROWS_SHOWN).forEach((row, i) => {
      const view = this.#views[i];
      const drawn = this.#drawn[i];
      if (!view || (row === drawn && !all)) return;
      this.#drawn[i] = row;
      const arrived = row.status.kind === 'arrived';
      const text =
        stopped && !arrived && this.look.notArrived !== null ? this.look.notArrived : fileStatusText(row, this.words);
      setText(view.state, text);
      if (row.progress && row.progress !== drawn?.progress && !arrived) view.progress.update(row.progress);
      if (arrived && drawn?.status.kind !== 'arrived') {
        view.item.classList.add(this.look.arrivedClass);
        this.look.showArrived(view, row);
      }
      view.progress.element.hidden = !this.look.barShown(row, transfer, stopped);
    });
  }

  /** The rows before any transfer (a share lists its files from the start): bars hidden, no state yet. */
  hideBars(): void {
    for (const view of this.#views) view.progress.element.hidden = true;
  }
}
