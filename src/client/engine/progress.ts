/** Progress figures (bytes, percent, speed, time left) for one file or for the whole transfer. */
export interface ProgressFigures {
  /** Bytes confirmed stored on the receiving side. */
  bytes: number;
  total: number;
  /** 0…100 (100 for an empty file once it is done). */
  percent: number;
  /** Bytes per second over the last few seconds. */
  speed: number;
  /** Seconds left at the current speed, or null when unknown. */
  eta: number | null;
}

export interface FileProgress extends ProgressFigures {
  index: number;
  name: string;
}

export interface ProgressEvent {
  overall: ProgressFigures;
  /** The files whose figures changed since the last event. */
  files: FileProgress[];
}

const WINDOW_MS = 3000;

/** Speed over a sliding window of samples. */
export class Meter {
  #samples: { t: number; bytes: number }[] = [];
  bytes = 0;
  constructor(
    public total: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  set(bytes: number): void {
    this.bytes = bytes;
    const t = this.now();
    const s = this.#samples;
    s.push({ t, bytes });
    while (s.length > 2 && (s[1] as { t: number }).t < t - WINDOW_MS) s.shift();
    if (s.length > 64) s.splice(1, s.length - 64);
  }

  /** A jump that is not throughput (e.g. resuming from stored bytes): restart the window. */
  rebase(bytes: number): void {
    this.bytes = bytes;
    this.#samples = [{ t: this.now(), bytes }];
  }

  figures(done = false): ProgressFigures {
    const s = this.#samples;
    let speed = 0;
    const first = s[0];
    const last = s[s.length - 1];
    if (first && last && last.t - first.t >= 200) speed = ((last.bytes - first.bytes) * 1000) / (last.t - first.t);
    if (first && last && this.now() - last.t > 2000) speed = 0;
    const remaining = Math.max(0, this.total - this.bytes);
    const percent = this.total === 0 ? (done ? 100 : 0) : Math.min(100, (this.bytes / this.total) * 100);
    return {
      bytes: this.bytes,
      total: this.total,
      percent,
      speed: Math.max(0, speed),
      eta: remaining === 0 ? 0 : speed > 0 ? remaining / speed : null,
    };
  }
}

export { formatBytes } from '../../shared/format-bytes.ts';

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '…';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
