import { constantTimeEqual, randomString } from '../crypto.ts';

/**
 * Guards the one-time install page when no user exists and no admin is configured: only someone who can
 * read the server's console learns the code, so the first visitor cannot take the instance over.
 */
export class SetupCode {
  #code: string | null = null;

  issue(): string {
    this.#code = randomString(12, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
    return this.#code;
  }

  /** The code to print on the console; null when no setup is needed or it was used. */
  get code(): string | null {
    return this.#code;
  }

  /** Several instances print and accept one code: the one they settled on. */
  adopt(code: string): void {
    this.#code = code;
  }

  get active(): boolean {
    return this.#code !== null;
  }

  matches(candidate: string): boolean {
    return this.#code !== null && constantTimeEqual(candidate.trim().toUpperCase(), this.#code);
  }

  consume(): void {
    this.#code = null;
  }
}
