/** Any origin will do as the base: only whether `next` stays on it matters, and only its path is kept. */
const BASE = 'http://this-origin.invalid';

/**
 * Where to go after logging in: `next` resolved as a browser would resolve it on this origin, kept only when it
 * stays on this origin; else `fallback`. Raw prefix checks are not enough: a browser drops tabs and line breaks
 * and reads "\" as "/", so "/\t/evil.example" is "//evil.example", another host.
 */
export function sameOriginPath(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser would again read as a host.
  if (url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
