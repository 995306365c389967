import type { ProgressFigures } from '../engine/progress.ts';
import { h, setText } from './dom.ts';
import { formatBytes, formatEta, formatSpeed } from './format.ts';
import { t } from './words.ts';

/** A progress bar with a text line (bytes · speed · time left), exposed as a labelled progressbar. */
export class ProgressView {
  readonly element: HTMLElement;
  readonly #bar: HTMLElement;
  readonly #track: HTMLElement;
  readonly #text: HTMLElement;

  constructor(label: string) {
    this.#bar = h('div', { class: 'progress__bar' });
    this.#track = h(
      'div',
      {
        class: 'progress',
        role: 'progressbar',
        'aria-label': label,
        'aria-valuemin': 0,
        'aria-valuemax': 100,
        'aria-valuenow': 0,
      },
      this.#bar,
    );
    this.#text = h('div', { class: 'meta progress-text' });
    this.element = h('div', { class: 'progress-block' }, this.#track, this.#text);
  }

  update(p: ProgressFigures, done = false): void {
    const percent = done ? 100 : Math.floor(p.percent);
    this.#bar.style.width = `${percent}%`;
    this.#track.setAttribute('aria-valuenow', String(percent));
    this.#track.setAttribute('aria-valuetext', t('progress.percent', { percent }));
    const parts = [t('progress.bytes', { done: formatBytes(p.bytes), total: formatBytes(p.total) })];
    if (!done && p.bytes < p.total && p.speed > 0) {
      parts.push(formatSpeed(p.speed));
      parts.push(p.eta === null ? t('progress.estimating') : t('progress.left', { time: formatEta(p.eta) }));
    }
    setText(this.#text, t('progress.line', { percent, parts: parts.join(' · ') }));
  }

  setState(state: 'active' | 'done' | 'failed'): void {
    this.#track.classList.toggle('progress--done', state === 'done');
    this.#track.classList.toggle('progress--failed', state === 'failed');
  }

  setText(text: string): void {
    setText(this.#text, text);
  }
}
