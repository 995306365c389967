/**
 * `npm run bench:read`: what reading a picked file costs Chromium, the two ways of the engine's `BlockReader`: one
 * `Blob.stream()` copied into 4 MiB blocks, against a `Blob.slice().arrayBuffer()` per 4 MiB block. Each run reads
 * the whole file on the page and counts the CPU time of every process of the browser (the browser process serves a
 * Blob's bytes, the renderer copies them in), per MiB; the two ways alternate in every round, medians of the rounds.
 * Options: `-- --mib=N` (256), `-- --rounds=N` (6).
 */

import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { ReadWay } from '../src/client/engine/block-reader.ts';
import { HARNESS_ARGS } from '../test/helpers/browser.ts';
import { percentile } from './server-process.ts';
import { threadCpu } from './thread-cpu.ts';

const MiB = 1024 * 1024;
const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const SIZE = arg('mib', 256) * MiB;
const ROUNDS = Math.max(1, arg('rounds', 6));
const ORIGIN = 'http://localhost:9/'; // never dialled: every request is answered by the route below
const WAYS: ReadWay[] = ['slices', 'stream'];

const cpuSeconds = (dir: string) => [...threadCpu(dir).values()].reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'phuppi-bench-read-'));
  const file = path.join(work, 'payload.bin');
  const fd = openSync(file, 'w');
  for (let done = 0; done < SIZE; done += 16 * MiB) writeSync(fd, randomBytes(Math.min(16 * MiB, SIZE - done)));
  closeSync(fd);
  const built = await esbuild.build({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), 'file-read-page.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    logLevel: 'error',
  });
  const pageJs = (built.outputFiles[0] as { text: string }).text;
  const dir = path.join(work, 'profile');
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: HARNESS_ARGS,
    headless: true,
  });
  try {
    await ctx.route(`${ORIGIN}**`, (route) =>
      route.request().url().endsWith('.js')
        ? route.fulfill({ contentType: 'text/javascript', body: pageJs })
        : route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><script type="module" src="/page.js"></script>',
          }),
    );
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(ORIGIN);
    await page.waitForFunction(() => (window as unknown as { __benchReady?: boolean }).__benchReady === true);
    await page.setInputFiles('input[type=file]', file);
    const read = (way: ReadWay) =>
      page.evaluate((w) => (window as unknown as { readPicked(w: ReadWay): Promise<number> }).readPicked(w), way);
    for (const way of WAYS) await read(way); // the file into the page cache, both ways' code warm

    const figures = new Map<ReadWay, { cpu: number[]; wall: number[] }>(WAYS.map((w) => [w, { cpu: [], wall: [] }]));
    console.log(`# ${SIZE / MiB} MiB read on the page, ${ROUNDS} rounds, the browser's CPU of all its processes`);
    for (let round = 0; round < ROUNDS; round++) {
      // Every other round the other way goes first: no order favours either.
      for (const way of round % 2 ? [...WAYS].reverse() : WAYS) {
        const cpu0 = cpuSeconds(dir);
        const t0 = performance.now();
        const bytes = await read(way);
        const wall = performance.now() - t0;
        const cpu = (cpuSeconds(dir) - cpu0) * 1000;
        if (bytes !== SIZE) throw new Error(`${way}: read ${bytes} of ${SIZE} bytes`);
        figures.get(way)?.cpu.push(cpu / (SIZE / MiB));
        figures.get(way)?.wall.push(wall / (SIZE / MiB));
        console.log(
          `${way.padEnd(7)} CPU ${(cpu / (SIZE / MiB)).toFixed(2)} ms/MiB, wall ${(wall / (SIZE / MiB)).toFixed(2)} ms/MiB`,
        );
      }
    }
    const median = (way: ReadWay, k: 'cpu' | 'wall') => percentile(figures.get(way)?.[k] ?? [], 50);
    for (const way of WAYS)
      console.log(
        `# median ${way.padEnd(7)} CPU ${median(way, 'cpu').toFixed(2)} ms/MiB, wall ${median(way, 'wall').toFixed(2)} ms/MiB`,
      );
    console.log(
      `stream/slices cpu=${(median('stream', 'cpu') / median('slices', 'cpu')).toFixed(2)} wall=${(median('stream', 'wall') / median('slices', 'wall')).toFixed(2)}`,
    );
  } finally {
    await ctx.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
