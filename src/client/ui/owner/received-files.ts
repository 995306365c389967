/**
 * "Files received" on the owner's page of a receive session: one download anchor per file, "Download all" as
 * one ZIP, and "Remove from this browser" for what finished guests sent. It owns the object URLs it makes.
 */
import type { ReceivedFile } from '../../../shared/api/p2p.ts';
import { isolate } from '../../../shared/isolate.ts';
import { clearOpfsTransfers } from '../../engine/index.ts';
import { h, replace, setText } from '../dom.ts';
import { fileLine, fileName, ReceivedRows } from '../file-rows.ts';
import { fileCount, formatBytes } from '../format.ts';
import { saveZip, zipName, zipSavedText } from '../save.ts';
import { forgetSession, liveTransferIds } from '../stored-transfers.ts';
import { ownerT, t } from '../words.ts';

interface Received {
  key: string;
  guestId: number;
  path: string;
  file: File;
  url: string;
}

export interface ReceivedFilesOptions {
  elements: {
    list: HTMLElement;
    empty: HTMLElement;
    status: HTMLElement;
    downloadAll: HTMLButtonElement;
    forget: HTMLButtonElement;
  };
  token: string;
  /** For the ZIP's name. */
  label: string | null;
  shortcode: string;
  /** "guest 2": the number a guest's card shows. */
  guestNumber(guestId: number): number;
  /** Whether nothing more arrives from this guest in this page: only their files may be removed. */
  guestFinished(guestId: number): boolean;
}

export class ReceivedFiles {
  readonly #received = new Map<string, Received>();
  /** Keys of files listed as no longer held here. */
  readonly #unavailable = new Set<string>();
  readonly #rows: ReceivedRows;
  #zipping = false;

  constructor(private readonly o: ReceivedFilesOptions) {
    this.#rows = new ReceivedRows(o.elements.list);
    o.elements.downloadAll.addEventListener('click', () => void this.#downloadAll());
    o.elements.forget.addEventListener('click', () => void this.#forgetFinished());
  }

  add(guestId: number, index: number, path: string, file: File, sha256: string | null): void {
    const key = `${guestId}:${index}`;
    if (this.#received.has(key)) return;
    const url = URL.createObjectURL(file);
    this.#received.set(key, { key, guestId, path, file, url });
    this.#rows.add(key, file.size, () => {
      const anchor = h(
        'a',
        { class: 'file-link', href: url, download: file.name },
        h('span', { class: 'file-link__icon', 'aria-hidden': 'true' }, '↓'),
        h('span', { class: 'visually-hidden' }, ownerT('owner.files.save')),
        fileName(path),
      );
      return h(
        'li',
        { class: 'list__item received-file', 'data-key': key },
        h('div', { class: 'list__row' }, anchor, h('span', { class: 'meta' }, formatBytes(file.size))),
        h(
          'div',
          { class: 'meta' },
          ownerT('owner.files.fromGuest', { number: this.o.guestNumber(guestId) }),
          sha256
            ? h(
                'span',
                { class: 'digest', title: `SHA-256 ${sha256}` },
                // Isolated, so a right-to-left line keeps "SHA-256 1a2b…" in one piece, its "…" at its end.
                ownerT('owner.files.verified', { digest: isolate(`SHA-256 ${sha256.slice(0, 12)}…`) }),
              )
            : null,
        ),
      );
    });
    this.#renderButtons();
  }

  /** A file the server knows was sent but this browser no longer holds (reload without OPFS). */
  addUnavailable(file: ReceivedFile): void {
    const key = `gone:${file.guestId}:${file.name}`;
    if (this.#unavailable.has(key)) return;
    this.#unavailable.add(key);
    this.#rows.add(key, file.size, () =>
      h(
        'li',
        { class: 'list__item received-file received-file--gone', 'data-key': key },
        fileLine(file.name, file.size),
        h('div', { class: 'meta' }, ownerT('owner.files.gone')),
      ),
    );
    this.#renderButtons();
  }

  #renderButtons(): void {
    const e = this.o.elements;
    const count = this.#received.size;
    const busy = this.#zipping;
    e.empty.hidden = count > 0 || this.#unavailable.size > 0;
    e.forget.disabled = count === 0;
    e.downloadAll.disabled = busy || count === 0;
    // "Download all" keeps exactly that accessible name; the count beside it is visual only.
    e.downloadAll.dataset.count = String(count);
    replace(
      e.downloadAll,
      busy ? t('download.preparingZip') : ownerT('owner.files.downloadAll'),
      !busy && count ? h('span', { class: 'button__count', 'aria-hidden': 'true' }, String(count)) : null,
    );
  }

  async #downloadAll(): Promise<void> {
    const e = this.o.elements;
    if (this.#received.size === 0) return;
    e.downloadAll.setAttribute('aria-busy', 'true');
    this.#zipping = true;
    this.#renderButtons();
    setText(e.status, '');
    try {
      const all = [...this.#received.values()];
      const multi = new Set(all.map((r) => r.guestId)).size > 1;
      const entries = all.map((r) => ({
        path: multi ? `${ownerT('owner.guest.name', { number: this.o.guestNumber(r.guestId) })}/${r.path}` : r.path,
        file: r.file,
      }));
      const label = this.o.label || ownerT('owner.files.zipName', { shortcode: this.o.shortcode });
      const saved = await saveZip(entries, zipName(label, this.o.shortcode));
      if (saved) setText(e.status, zipSavedText(saved, entries.length));
    } catch (error) {
      setText(e.status, t('download.zipFailed', { message: (error as Error).message }));
    } finally {
      e.downloadAll.removeAttribute('aria-busy');
      this.#zipping = false;
      this.#renderButtons();
    }
  }

  /** Deletes what this browser stored for these guests (OPFS and the list); answers how many files went. */
  async drop(guestIds: ReadonlySet<number>): Promise<number> {
    const doomed = [...this.#received.values()].filter((r) => guestIds.has(r.guestId));
    try {
      forgetSession(this.o.token, guestIds);
      await clearOpfsTransfers(liveTransferIds());
      for (const r of doomed) {
        URL.revokeObjectURL(r.url);
        this.#received.delete(r.key);
        this.#rows.remove(r.key, r.file.size);
      }
    } finally {
      this.#renderButtons();
    }
    return doomed.length;
  }

  // Received files stay in this browser's storage (for reloads) until the session is cleaned up; a shared or
  // full computer needs a way to drop them now. Only finished guests' files go: a running transfer keeps its own.
  async #forgetFinished(): Promise<void> {
    const e = this.o.elements;
    const all = [...this.#received.values()];
    const finished = new Set(all.map((r) => r.guestId).filter((id) => this.o.guestFinished(id)));
    const count = all.filter((r) => finished.has(r.guestId)).length;
    if (count === 0) {
      setText(e.status, ownerT('owner.files.nothingToRemove'));
      return;
    }
    if (!confirm(ownerT('owner.files.removeQuestion', { count }))) return;
    e.forget.disabled = true;
    try {
      setText(e.status, ownerT('owner.files.removed', { files: fileCount(await this.drop(finished)) }));
    } catch (error) {
      setText(e.status, ownerT('owner.files.removeFailed', { message: (error as Error).message }));
    }
  }
}
