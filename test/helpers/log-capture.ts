import { Writable } from 'node:stream';

/** A logger option for a test server that keeps every JSON log line in `lines` (for asserting what was logged). */
export function captureLogs(level = 'warn'): { lines: string[]; logger: { level: string; stream: Writable } } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: { level, stream } };
}
