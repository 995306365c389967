/** All stored timestamps are ISO-8601 UTC strings, so they sort and compare the same on both stores. */
export function isoNow(): string {
  return new Date().toISOString();
}

export function isoIn(seconds: number, from = Date.now()): string {
  return new Date(from + seconds * 1000).toISOString();
}
