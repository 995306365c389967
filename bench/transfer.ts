/**
 * `npm run bench:transfer [-- --quick]`: throughput of (a) a raw RTCDataChannel with the best
 * settings found, (b) the engine end to end (file read, SHA-256 both sides, OPFS on the receiver),
 * (c) a naive PeerJS transfer like the original project; plus the renderers' memory.
 * Two Chromium processes (sender, receiver) on this machine over loopback; signaling by a local
 * PeerJS server; nothing leaves 127.0.0.1. The last line is `engine/raw=<b/a> engine/naive=<b/c>`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { PeerServer } from 'peer';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { HARNESS_ARGS } from '../test/helpers/browser.ts';
import { rendererRss } from '../test/helpers/process-memory.ts';

const MiB = 1024 * 1024;
const quick = process.argv.includes('--quick');
const sizeArg = process.argv.find((a) => a.startsWith('--mib='));
/** `--storage=memory` measures the engine without OPFS, to see what storage costs. */
const STORAGE = (process.argv.find((a) => a.startsWith('--storage='))?.slice(10) ?? 'auto') as 'auto' | 'opfs' | 'memory';
const SIZE = (sizeArg ? Number(sizeArg.slice(6)) : quick ? 32 : 256) * MiB;
const RAW_CHUNK = 256 * 1024 - 16 * 1024; // under Chromium's 256 KiB message limit
const here = path.dirname(fileURLToPath(import.meta.url));
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = HARNESS_ARGS;

async function bundle(entry: string): Promise<string> {
  const r = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', write: false, target: 'chrome100', minify: true, logLevel: 'error' });
  return (r.outputFiles[0] as { text: string }).text;
}


interface Side {
  ctx: BrowserContext;
  page: Page;
  dir: string;
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'phuppi-bench-'));
  const file = path.join(work, 'payload.bin');
  const h = createHash('sha256');
  const fd = openSync(file, 'w');
  for (let done = 0; done < SIZE; done += 16 * MiB) {
    const b = randomBytes(Math.min(16 * MiB, SIZE - done));
    h.update(b);
    writeSync(fd, b);
  }
  closeSync(fd);
  const fileSha = h.digest('hex');

  const [pageJs, workerJs] = await Promise.all([bundle(path.join(here, 'page.ts')), bundle(path.join(here, '..', 'src', 'client', 'engine', 'opfs-worker.ts'))]);
  const signaling = await new Promise<{ port: number; close(): void }>((resolve) => {
    const app = PeerServer({ host: '127.0.0.1', port: 0, path: '/peerjs', allow_discovery: false }, (server) => {
      resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() });
    });
    void app;
  });
  const origin = `http://127.0.0.1:${signaling.port}`;

  async function launch(name: string): Promise<Side> {
    const dir = mkdtempSync(path.join(tmpdir(), `phuppi-bench-${name}-`));
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: chromePath, args: ARGS, headless: true });
    await ctx.route(`${origin}/__bench/**`, (route) => {
      const u = new URL(route.request().url());
      if (u.pathname.endsWith('.html'))
        return route.fulfill({ contentType: 'text/html', body: `<!doctype html><meta charset="utf-8"><script type="module" src="/__bench/page.js"></script>` });
      if (u.pathname.endsWith('opfs-worker.js')) return route.fulfill({ contentType: 'text/javascript', body: workerJs });
      return route.fulfill({ contentType: 'text/javascript', body: pageJs });
    });
    await ctx.route(`${origin}/api/config/ice`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ iceServers: [] }) }));
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', (e) => console.error(`[${name}]`, e.message));
    await page.goto(`${origin}/__bench/index.html`);
    await page.waitForFunction(() => (window as unknown as { __benchReady?: boolean }).__benchReady === true);
    return { ctx, page, dir };
  }

  const tx = await launch('sender');
  const rx = await launch('receiver');
  await tx.page.setInputFiles('#file', file);

  type B = Record<string, (...a: never[]) => unknown>;
  const call = <T>(side: Side, fn: string, ...args: unknown[]): Promise<T> =>
    side.page.evaluate(([f, a]) => ((window as unknown as { bench: B }).bench[f as string] as (...x: unknown[]) => unknown)(...(a as unknown[])), [fn, args] as const) as Promise<T>;

  async function measure(label: string, run: () => Promise<unknown>): Promise<{ mibs: number; txGrow: number; rxGrow: number; result: unknown }> {
    const base = { tx: rendererRss(tx.dir), rx: rendererRss(rx.dir) };
    const peak = { ...base };
    const t = setInterval(() => {
      peak.tx = Math.max(peak.tx, rendererRss(tx.dir));
      peak.rx = Math.max(peak.rx, rendererRss(rx.dir));
    }, 250);
    const t0 = performance.now();
    const result = await run();
    // Runs that time themselves in the page (from the open channel to the last byte) exclude connection set-up,
    // as the raw run does; otherwise the wall time here.
    const inPage = (result as { ms?: number } | undefined)?.ms;
    const secs = (inPage ?? performance.now() - t0) / 1000;
    clearInterval(t);
    const mibs = SIZE / MiB / secs;
    const txGrow = (peak.tx - base.tx) / MiB;
    const rxGrow = (peak.rx - base.rx) / MiB;
    console.log(
      `${label.padEnd(44)} ${mibs.toFixed(1).padStart(6)} MiB/s  (${(SIZE / MiB).toFixed(0)} MiB in ${secs.toFixed(1)} s; renderer RSS growth: sender ${txGrow.toFixed(0)} MiB, receiver ${rxGrow.toFixed(0)} MiB)`,
    );
    return { mibs, txGrow, rxGrow, result };
  }

  console.log(`# ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${(await tx.ctx.browser()?.version()) ?? 'Chromium'}; ${SIZE / MiB} MiB per run`);

  // (a) raw. Fresh browsers do start-up work for a few seconds: let it settle, then warm up.
  await new Promise((r) => setTimeout(r, 3000));
  const offer = await call<RTCSessionDescriptionInit>(tx, 'rawOffer');
  const answer = await call<RTCSessionDescriptionInit>(rx, 'rawAnswer', offer);
  await call(tx, 'rawAccept', answer);
  await call(rx, 'rawWaitOpen');
  const rawRun = async (bytes: number) => {
    const got = call(rx, 'rawReceive', bytes);
    await call(tx, 'rawSend', bytes, RAW_CHUNK, 8 * MiB, 2 * MiB);
    await got;
  };
  await rawRun(8 * MiB);
  const raw = await measure('(a) raw RTCDataChannel, 240 KiB, 8/2 MiB marks', () => rawRun(SIZE));
  await call(tx, 'rawClose');
  await call(rx, 'rawClose');

  // (b) engine
  const txId = await call<string>(tx, 'initPeer');
  await call<string>(rx, 'initPeer');
  await call(tx, 'engineServe');
  const eng = await measure('(b) engine: read+SHA-256+frames+OPFS+SHA-256', () => call<{ kind: string; sha256: string; ms: number }>(rx, 'engineReceive', txId, STORAGE));
  const er = eng.result as { kind: string; sha256: string };
  if (er.sha256 !== fileSha) throw new Error(`engine digest mismatch: ${er.sha256} vs ${fileSha}`);
  if (er.kind !== 'opfs') console.log(`# note: engine stored into ${er.kind}`);

  // (c) naive — fresh pages so (b)'s PeerJS peers don't interfere
  await tx.page.reload();
  await rx.page.reload();
  for (const s of [tx, rx]) await s.page.waitForFunction(() => (window as unknown as { __benchReady?: boolean }).__benchReady === true);
  await tx.page.setInputFiles('#file', file);
  const txId2 = await call<string>(tx, 'initPeer');
  await call<string>(rx, 'initPeer');
  await call(tx, 'naiveServe');
  const naive = await measure('(c) naive: PeerJS default, 16 KiB objects', () => call<{ bytes: number; ms: number }>(rx, 'naiveReceive', txId2));

  await tx.ctx.close();
  await rx.ctx.close();
  signaling.close();
  for (const d of [work, tx.dir, rx.dir]) rmSync(d, { recursive: true, force: true });
  console.log(`engine/raw=${(eng.mibs / raw.mibs).toFixed(2)} engine/naive=${(eng.mibs / naive.mibs).toFixed(2)}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
