/** At most `size` holders at once; the others wait in line (first come, first served). */
export class Slots {
  #busy = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** Wait for a slot; call the answer to give it back (again is harmless). */
  async take(): Promise<() => void> {
    if (this.#busy >= this.size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#busy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next in line.
      if (next) next();
      else this.#busy--;
    };
  }
}
