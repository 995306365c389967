/**
 * One dedicated worker per script for the whole page, shared by every transfer that uses it: a worker is a
 * JavaScript engine of its own (several MiB, plus its wasm hasher), so one per connection made the owner's
 * memory grow with every guest. Started by the first `acquire`, ended when the last user releases it.
 *
 * Calls carry an `id` and are answered with a `WorkerAnswer` of that id; anything else the worker says is
 * an event for one user, addressed by the key it got from `newKey()` in a `to` field.
 */

export type WorkerAnswer =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; code: string; message: string };

/** A refused call: `code` is the worker's own (for example `storage-full`). */
export class WorkerCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

const running = new Map<string, PageWorker>();

export class PageWorker {
  readonly #key: string;
  readonly #worker: Worker;
  #users = 0;
  #seq = 0;
  #keys = 0;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #listeners = new Map<number, (event: unknown) => void>();
  /** Set once the worker failed: every call after it fails at once. */
  #failure: WorkerCallError | null = null;
  readonly #onFailure = new Set<(error: WorkerCallError) => void>();

  private constructor(key: string, url: string | URL, name: string) {
    this.#key = key;
    this.#worker = new Worker(url, { type: 'module', name });
    this.#worker.onmessage = (e: MessageEvent) => this.#onMessage(e.data);
    this.#worker.onerror = (e) => {
      this.#fail(new WorkerCallError('worker', e.message || 'could not start'));
    };
  }

  /** The page's worker running `url` (started now if none runs); `release()` it when done. */
  static acquire(url: string | URL, name: string): PageWorker {
    const key = `${name} ${String(url)}`;
    let w = running.get(key);
    if (!w) {
      w = new PageWorker(key, url, name);
      running.set(key, w);
    }
    w.#users++;
    return w;
  }

  /** Lets go of the worker; the last user's release ends it. */
  release(): void {
    if (--this.#users > 0) return;
    this.#onFailure.clear();
    this.#fail(new WorkerCallError('worker', 'the worker was stopped'));
    this.#worker.terminate();
  }

  /** A key no other user of this worker has (to address its events, or to name its state in the worker). */
  newKey(): number {
    return ++this.#keys;
  }

  /** Receive the worker's events addressed `to: key` (null: stop). */
  listen(key: number, handler: ((event: unknown) => void) | null): void {
    if (handler) this.#listeners.set(key, handler);
    else this.#listeners.delete(key);
  }

  /** `handler` is called once if the worker dies (its script failed to load or threw); answers its remover. */
  onFailure(handler: (error: WorkerCallError) => void): () => void {
    this.#onFailure.add(handler);
    return () => this.#onFailure.delete(handler);
  }

  /**
   * Posts `message` (one of the requests `M` that carry an `id`) with a fresh `id`; resolves with the answer's
   * value, or rejects with a `WorkerCallError`.
   */
  call<T, M>(message: DistributiveOmit<Extract<M, { id: number }>, 'id'>, transfer: Transferable[] = []): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Posts `message` with no answer expected. */
  post(message: unknown, transfer: Transferable[] = []): void {
    if (!this.#failure) this.#worker.postMessage(message, transfer);
  }

  #onMessage(m: WorkerAnswer | { to: number }): void {
    if ('to' in m) {
      this.#listeners.get(m.to)?.(m);
      return;
    }
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new WorkerCallError(m.code, m.message));
  }

  #fail(error: WorkerCallError): void {
    if (this.#failure) return;
    this.#failure = error;
    if (running.get(this.#key) === this) running.delete(this.#key);
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
    for (const handler of this.#onFailure) handler(error);
    this.#onFailure.clear();
  }
}
