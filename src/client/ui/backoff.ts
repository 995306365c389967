/** The pause before try `attempt + 1` (counting from 0): `minMs`, then doubling, never above `maxMs`. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(minMs * 2 ** attempt, maxMs);
}
