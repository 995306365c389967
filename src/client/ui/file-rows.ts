/**
 * Lists of files on the owner pages, bounded: rows for the first ROWS_SHOWN files and one summary line for
 * the rest. A guest's manifest may name thousands of files; a row each (about 12 DOM nodes) once added 78,000
 * nodes and froze the page for seconds. What is not shown is still received, verified and in "Download all".
 */

import type { ProgressFigures } from '../engine/progress.ts';
import { h, setText } from './dom.ts';
import { formatBytes } from './format.ts';
import { ProgressView } from './progress.ts';
import { ownerT, t } from './words.ts';

/** A file's name as shown in a row: isolated (dir="auto"), so one that mixes scripts keeps its own order. */
export function fileName(name: string): HTMLSpanElement {
  return h('span', { class: 'file-name', dir: 'auto' }, name);
}

/** One file's line in a list: its name, its size, and what `more` adds (its state, say). */
export function fileLine(name: string, size: number, ...more: HTMLElement[]): HTMLDivElement {
  return h('div', { class: 'list__row' }, fileName(name), h('span', { class: 'meta' }, formatBytes(size)), ...more);
}

/** Rows one list shows; the files after them are counted in its summary line. */
export const ROWS_SHOWN = 200;

/** A list's files as a bounded list draws them: the first ROWS_SHOWN, and the count and bytes of the rest. */
export function rowsAndRest<T>(
  files: readonly T[],
  sizeOf: (file: T) => number,
): { shown: T[]; rest: { files: number; bytes: number } } {
  const rest = files.slice(ROWS_SHOWN);
  return {
    shown: files.slice(0, ROWS_SHOWN),
    rest: { files: rest.length, bytes: rest.reduce((sum, f) => sum + sizeOf(f), 0) },
  };
}

interface FileRow {
  row: HTMLElement;
  state: HTMLElement;
  progress: ProgressView;
  verified: boolean;
}

/** One guest's files in its card: name, size, state and progress of each shown file, a summary of the rest. */
export class GuestFileRows {
  readonly element: HTMLUListElement;
  readonly #rows = new Map<number, FileRow>();
  readonly #summary = h('li', { class: 'guest-card__more meta' });
  #shownFor = -1;
  #rest = { files: 0, bytes: 0, verified: 0 };

  constructor(label: string) {
    this.element = h('ul', { class: 'list guest-card__files', 'aria-label': label });
  }

  /** The manifest's files (again after a reconnect: the same list is kept). */
  show(files: readonly { index: number; name: string; size: number }[]): void {
    if (this.#shownFor === files.length) return;
    this.#shownFor = files.length;
    this.#rows.clear();
    const { shown, rest } = rowsAndRest(files, (f) => f.size);
    const rows = shown.map((f) => {
      const state = h('span', { class: 'meta' }, t('send.file.waiting'));
      const progress = new ProgressView(t('progress.ofFile', { name: f.name }));
      const row = h('li', { class: 'guest-file' }, fileLine(f.name, f.size, state), progress.element);
      this.#rows.set(f.index, { row, state, progress, verified: false });
      return row;
    });
    this.#rest = { ...rest, verified: 0 };
    this.element.replaceChildren(...rows, ...(rest.files > 0 ? [this.#summary] : []));
    this.#sum();
  }

  #sum(): void {
    const r = this.#rest;
    if (r.files > 0)
      setText(
        this.#summary,
        ownerT('owner.files.moreVerified', { count: r.files, size: formatBytes(r.bytes), verified: r.verified }),
      );
  }

  progress(index: number, figures: ProgressFigures): void {
    const row = this.#rows.get(index);
    if (!row) return;
    row.progress.update(figures);
    if (figures.bytes > 0 && figures.bytes < figures.total) setText(row.state, ownerT('owner.file.receiving'));
  }

  verified(index: number, size: number): void {
    const row = this.#rows.get(index);
    if (!row) {
      this.#rest.verified += 1;
      this.#sum();
      return;
    }
    row.verified = true;
    setText(row.state, t('download.file.arrived'));
    row.row.classList.add('guest-file--done');
    row.progress.setState('done');
    row.progress.update({ bytes: size, total: size, percent: 100, speed: 0, eta: 0 }, true);
  }

  /** The transfer was stopped (the guest removed or refused): every shown file not verified says so. */
  stopUnfinished(): void {
    for (const row of this.#rows.values()) {
      if (row.verified) continue;
      setText(row.state, ownerT('owner.phase.stopped'));
      row.progress.setState('failed');
    }
  }

  /** A shown file's state in words ("Cancelled", "Not stored", …). */
  say(index: number, text: string): void {
    const row = this.#rows.get(index);
    if (row) setText(row.state, text);
  }
}

/** The page's received files: the first ROWS_SHOWN as rows (built only when shown), the rest counted. */
export class ReceivedRows {
  readonly #summary = h('li', { class: 'list__item received-file--more meta' });
  /** The rows shown, by key. */
  readonly #shown = new Map<string, HTMLElement>();
  #hidden = { files: 0, bytes: 0 };

  constructor(private readonly list: HTMLElement) {}

  /** Add a file; `build` makes its row only when it is shown. */
  add(key: string, size: number, build: () => HTMLElement): void {
    if (this.#shown.size < ROWS_SHOWN) {
      const row = build();
      this.#shown.set(key, row);
      this.list.insertBefore(row, this.#summary.isConnected ? this.#summary : null);
      return;
    }
    this.#hidden.files += 1;
    this.#hidden.bytes += size;
    this.#sum();
  }

  /** Remove a file's row, or its count when it was not shown. */
  remove(key: string, size: number): void {
    const row = this.#shown.get(key);
    if (row) {
      this.#shown.delete(key);
      row.remove();
      return;
    }
    this.#hidden.files = Math.max(0, this.#hidden.files - 1);
    this.#hidden.bytes = Math.max(0, this.#hidden.bytes - size);
    this.#sum();
  }

  #sum(): void {
    const h = this.#hidden;
    if (h.files === 0) {
      this.#summary.remove();
      return;
    }
    setText(this.#summary, ownerT('owner.files.moreNotListed', { count: h.files, size: formatBytes(h.bytes) }));
    if (!this.#summary.isConnected) this.list.appendChild(this.#summary);
  }
}
