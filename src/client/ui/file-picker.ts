/**
 * The guest's file choice: a file input, a folder input (webkitdirectory) and drag and drop (folders
 * too, walked with webkitGetAsEntry), shown as a list with sizes and a remove button per file, bounded as the
 * other file lists are (rows for the first ROWS_SHOWN files, one line for the rest).
 */
import { h, replace } from './dom.ts';
import { fileName, rowsAndRest } from './file-rows.ts';
import { fileCount, formatBytes } from './format.ts';
import { t } from './words.ts';

export interface Chosen {
  /** Relative path shown and sent (folder paths kept). */
  path: string;
  file: File;
  /** The path has folders (from a folder choice or a dropped folder); else it is a bare file name. */
  inFolder: boolean;
}

export class FilePicker {
  readonly chosen: Chosen[] = [];
  onchange: (() => void) | null = null;
  #disabled = false;

  /**
   * `folder` is either a button that opens a folder chooser (an `input[type=file][webkitdirectory]` made
   * on demand, so the page at rest has exactly one file input: the files chooser), or such an input.
   */
  constructor(
    private readonly fileInput: HTMLInputElement,
    private readonly folder: HTMLButtonElement | HTMLInputElement,
    private readonly dropzone: HTMLElement,
    private readonly list: HTMLElement,
    private readonly summary: HTMLElement,
  ) {
    fileInput.addEventListener('change', () => {
      this.add([...(fileInput.files ?? [])].map((file) => ({ path: file.name, file, inFolder: false })));
      fileInput.value = '';
    });
    // Folder choosing is not offered by every browser (iOS Safari): hide what cannot work.
    if (!('webkitdirectory' in document.createElement('input'))) {
      folder.hidden = true;
      if (folder.id)
        document.querySelector<HTMLElement>(`label[for="${CSS.escape(folder.id)}"]`)?.setAttribute('hidden', '');
    }
    if (folder instanceof HTMLInputElement) folder.addEventListener('change', () => this.#addFolder(folder));
    else folder.addEventListener('click', () => this.#chooseFolder());
    const over = (on: boolean) => (e: Event) => {
      e.preventDefault();
      if (!this.#disabled) dropzone.classList.toggle('dropzone--over', on);
    };
    dropzone.addEventListener('dragenter', over(true));
    dropzone.addEventListener('dragover', over(true));
    dropzone.addEventListener('dragleave', over(false));
    dropzone.addEventListener('drop', (e) => {
      e.preventDefault();
      dropzone.classList.remove('dropzone--over');
      if (this.#disabled || !e.dataTransfer) return;
      void this.#fromDataTransfer(e.dataTransfer).then((items) => this.add(items));
    });
    // Dropping anywhere else on the page must not navigate away from it.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
    this.render();
  }

  #addFolder(input: HTMLInputElement): void {
    this.add(
      [...(input.files ?? [])].map((file) => {
        const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
        return { path: rel || file.name, file, inFolder: Boolean(rel) };
      }),
    );
    input.value = '';
  }

  #chooseFolder(): void {
    if (this.#disabled) return;
    const input = document.createElement('input');
    input.type = 'file';
    input.webkitdirectory = true;
    input.className = 'picker__input';
    input.setAttribute('aria-hidden', 'true');
    input.tabIndex = -1;
    input.addEventListener('change', () => {
      this.#addFolder(input);
      input.remove();
    });
    input.addEventListener('cancel', () => input.remove());
    // Some browsers only open a chooser for an input that is in the document.
    this.dropzone.appendChild(input);
    input.click();
  }

  set disabled(value: boolean) {
    this.#disabled = value;
    this.fileInput.disabled = value;
    this.folder.disabled = value;
    this.dropzone.classList.toggle('dropzone--disabled', value);
    this.render();
  }

  add(items: Chosen[]): void {
    const seen = new Set(this.chosen.map((c) => `${c.path}\u0000${c.file.size}`));
    for (const item of items) {
      const key = `${item.path}\u0000${item.file.size}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.chosen.push(item);
    }
    this.render();
    this.onchange?.();
  }

  remove(index: number): void {
    this.chosen.splice(index, 1);
    this.render();
    this.onchange?.();
    const buttons = this.list.querySelectorAll<HTMLButtonElement>('button');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.fileInput).focus();
  }

  get totalBytes(): number {
    return this.chosen.reduce((s, c) => s + c.file.size, 0);
  }

  render(): void {
    // Thousands of chosen files must not mean thousands of rows: the bounded lists' rows and one line for the rest.
    const { shown, rest } = rowsAndRest(this.chosen, (c) => c.file.size);
    const more =
      rest.files > 0
        ? [
            h(
              'li',
              { class: 'list__item chosen-files__more meta' },
              t('picker.more', { count: rest.files, size: formatBytes(rest.bytes) }),
            ),
          ]
        : [];
    replace(this.list, [
      ...shown.map((c, i) =>
        h(
          'li',
          { class: 'list__item chosen-file' },
          h(
            'div',
            { class: 'list__row' },
            fileName(c.path),
            h(
              'span',
              { class: 'chosen-file__end' },
              h('span', { class: 'meta' }, formatBytes(c.file.size)),
              this.#disabled
                ? null
                : h(
                    'button',
                    {
                      type: 'button',
                      class: 'button button--small button--ghost',
                      'aria-label': t('picker.removeName', { name: c.path }),
                      onclick: () => this.remove(i),
                    },
                    t('picker.remove'),
                  ),
            ),
          ),
        ),
      ),
      ...more,
    ]);
    this.summary.textContent = this.chosen.length
      ? t('picker.chosen', { files: fileCount(this.chosen.length), size: formatBytes(this.totalBytes) })
      : t('picker.none');
  }

  async #fromDataTransfer(dt: DataTransfer): Promise<Chosen[]> {
    const entries = [...dt.items].map((item) => (item.kind === 'file' ? (item.webkitGetAsEntry?.() ?? null) : null));
    if (entries.some((e) => e === null))
      return [...dt.files].map((file) => ({ path: file.name, file, inFolder: false }));
    const out: Chosen[] = [];
    for (const entry of entries as FileSystemEntry[]) await walk(entry, '', out);
    return out;
  }
}

async function walk(entry: FileSystemEntry, prefix: string, out: Chosen[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: prefix + entry.name, file, inFolder: prefix !== '' });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}
