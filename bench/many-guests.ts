/**
 * `npm run bench:guests [-- --quick]`: five guests sending into one owner's page at the same time, against one
 * guest alone, through the real pages (the built server as a child process, the owner's and the guests'
 * Chromium on loopback). Each guest (phone size, its own context and address) sends one `--mib=N` file (64;
 * `--quick`: 32); a guest's rate is its file over the time from its Send to its page showing that the owner has
 * the file (received and verified). Printed: the aggregate rate of five (all their bytes over the time from the
 * first Send to the last arrival) against one guest's, fairness (the slowest guest's rate over the fastest's),
 * and the growth of the owner's renderer memory (peak over the figure before Send), for one guest and for five.
 * `--rounds=N` (2; `--quick`: 1), `--guests=N` (5). `--flood`: instead, one honest guest alone against one
 * while others flood the owner's page with control messages (bench/guest-under-flood.ts).
 */
import { cpus, loadavg } from 'node:os';
import { MiB } from '../test/helpers/p2p-flow.ts';
import { type AppPages, type GuestMarks, type GuestPage, option, runPageBench, waitForMark } from './app-pages.ts';
import { floodBench } from './guest-under-flood.ts';
import { percentile, withTimeout } from './server-process.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = Math.max(1, Number(option('rounds') ?? (quick ? 1 : 2)));
const SIZE = Math.max(1, Number(option('mib') ?? (quick ? 32 : 64))) * MiB;
const GUESTS = Math.max(2, Number(option('guests') ?? 5));
/** Each guest's file must arrive within this (1 s per MiB of all guests' files, at least a minute). */
const LIMIT_MS = Math.max(60_000, ((GUESTS * SIZE) / MiB) * 1000);

interface Batch {
  /** MiB/s of each guest, Send to arrival. */
  rates: number[];
  /** All bytes over the time from the first Send to the last arrival, MiB/s. */
  aggregate: number;
  /** Owner's renderer memory: before Send, and its peak growth meanwhile (MiB). */
  rssBefore: number;
  rssGrowth: number;
}

/** `count` guests send `file` into a new session at once; resolves when every file arrived. */
async function batch(app: AppPages, file: string, count: number): Promise<Batch> {
  await app.clearOwnerStorage();
  const session = await app.createSession();
  const guests: GuestPage[] = [];
  for (let i = 0; i < count; i++) {
    const g = await app.openGuest(session.guestUrl);
    await g.page.locator('#file-input').setInputFiles(file);
    await g.page.getByLabel('PIN', { exact: true }).fill(session.pin);
    guests.push(g);
  }
  // Fresh pages do start-up work for a moment: let it settle before measuring memory.
  await new Promise((r) => setTimeout(r, 2000));
  const rssBefore = app.ownerRendererRss();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, app.ownerRendererRss());
  }, 250);
  try {
    await Promise.all(guests.map((g) => g.page.getByRole('button', { name: 'Send', exact: true }).click()));
    const marks: GuestMarks[] = await Promise.all(
      guests.map((g, i) =>
        waitForMark(
          async () => {
            const m = await g.marks();
            return m.arrived === null ? null : m;
          },
          `guest ${i + 1}'s file arrived`,
          LIMIT_MS,
        ),
      ),
    );
    const sent = marks.map((m) => m.submitted as number);
    const arrived = marks.map((m) => m.arrived as number);
    return {
      rates: marks.map((m) => SIZE / MiB / (((m.arrived as number) - (m.submitted as number)) / 1000)),
      aggregate: (count * SIZE) / MiB / ((Math.max(...arrived) - Math.min(...sent)) / 1000),
      rssBefore: rssBefore / MiB,
      rssGrowth: (peak - rssBefore) / MiB,
    };
  } finally {
    clearInterval(sampler);
    for (const g of guests) await g.close();
  }
}

runPageBench(`video-${SIZE / MiB}MiB.bin`, SIZE, async (app, file) => {
  console.log(
    `# ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Chromium ${app.browserVersion}; load average ${loadavg()[0]?.toFixed(1)}; ` +
      `${SIZE / MiB} MiB per guest, guests at phone size, loopback`,
  );
  if (process.argv.includes('--flood')) return floodBench(app, file, SIZE);
  const one: Batch[] = [];
  const many: Batch[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(`# round ${round} of ${ROUNDS}`);
    const solo = await withTimeout(batch(app, file, 1), LIMIT_MS + 60_000, 'one guest');
    console.log(
      `one guest:    ${(solo.rates[0] as number).toFixed(1).padStart(5)} MiB/s; owner renderer ${solo.rssBefore.toFixed(0)} MiB, grew ${solo.rssGrowth.toFixed(0)} MiB`,
    );
    const all = await withTimeout(batch(app, file, GUESTS), LIMIT_MS + 60_000, `${GUESTS} guests`);
    console.log(
      `${GUESTS} guests:     ${all.aggregate.toFixed(1).padStart(5)} MiB/s together (each ${all.rates.map((r) => r.toFixed(1)).join(', ')}); ` +
        `slowest/fastest ${(Math.min(...all.rates) / Math.max(...all.rates)).toFixed(2)}; owner renderer ${all.rssBefore.toFixed(0)} MiB, grew ${all.rssGrowth.toFixed(0)} MiB`,
    );
    one.push(solo);
    many.push(all);
  }
  const med = (values: number[]) => percentile(values, 50);
  const soloRate = med(one.map((b) => b.rates[0] as number));
  const aggregate = med(many.map((b) => b.aggregate));
  const fairness = med(many.map((b) => Math.min(...b.rates) / Math.max(...b.rates)));
  console.log(`# medians of ${ROUNDS} round(s):`);
  console.log(
    `#   one guest ${soloRate.toFixed(1)} MiB/s; ${GUESTS} guests ${aggregate.toFixed(1)} MiB/s together (${(aggregate / soloRate).toFixed(2)} × one)`,
  );
  console.log(`#   fairness (slowest guest's rate / fastest's) ${fairness.toFixed(2)}`);
  console.log(
    `#   owner renderer growth: one guest ${med(one.map((b) => b.rssGrowth)).toFixed(0)} MiB, ${GUESTS} guests ${med(many.map((b) => b.rssGrowth)).toFixed(0)} MiB`,
  );
  console.log(
    `aggregate/one=${(aggregate / soloRate).toFixed(2)} fairness=${fairness.toFixed(2)} owner-growth-${GUESTS}=${med(many.map((b) => b.rssGrowth)).toFixed(0)}MiB`,
  );
});
