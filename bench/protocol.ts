/**
 * `npm run bench:protocol`: what `parseControlMessage` costs in Node for the smallest message (`ack`), the
 * largest (a manifest of MAX_FILES files) and a refused one (the error path names what failed), next to what
 * `JSON.parse` alone costs. Prints the median time per parse of a few rounds; the JSON text is built once,
 * outside the timing.
 */
import { MAX_FILES } from '../src/shared/transfer-limits.ts';
import { parseControlMessage } from '../src/shared/transfer-protocol.ts';

const ack = JSON.stringify({ t: 'ack', index: 3, bytes: 1_048_576 });
const manifest = JSON.stringify({
  t: 'manifest',
  version: 1,
  transferId: 'bench-transfer',
  files: Array.from({ length: MAX_FILES }, (_, index) => ({
    index,
    name: `photos/2026/album-${index % 50}/IMG_${String(index).padStart(5, '0')}.jpg`,
    size: 3_000_000 + index,
    type: 'image/jpeg',
    lastModified: 1_780_000_000_000 + index,
  })),
});
const refused = JSON.stringify({ t: 'ack', index: -1, bytes: 0 });

/** `JSON.parse` alone, the part of every parse no check can save. */
function jsonOnly(text: string): void {
  JSON.parse(text);
}

function parseOrError(text: string): void {
  try {
    parseControlMessage(text);
  } catch {
    // The refused message: its error is what is timed.
  }
}

/** Median of `rounds` rounds of `runs` parses, in microseconds per parse. */
function measure(text: string, runs: number, parse = parseOrError, rounds = 7): number {
  for (let i = 0; i < runs; i++) parse(text); // warm-up
  const perParse: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) parse(text);
    perParse.push(Number(process.hrtime.bigint() - start) / 1000 / runs);
  }
  perParse.sort((a, b) => a - b);
  return perParse[Math.floor(rounds / 2)] ?? Number.NaN;
}

const manifestName = `manifest of ${MAX_FILES} files (${(manifest.length / 1024).toFixed(0)} KiB)`;
const figures = [
  ['ack', measure(ack, 100_000)],
  ['ack, JSON.parse alone', measure(ack, 100_000, jsonOnly)],
  [manifestName, measure(manifest, 20)],
  [`${manifestName}, JSON.parse alone`, measure(manifest, 20, jsonOnly)],
  ['refused ack (index -1)', measure(refused, 20_000)],
] as const;
for (const [what, micros] of figures) {
  console.log(`${what}: ${micros < 100 ? micros.toFixed(2) : micros.toFixed(0)} µs per parse`);
}
