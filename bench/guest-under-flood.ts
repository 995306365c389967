/**
 * `npm run bench:guests -- --flood`: what a control-message flood costs an honest guest. Each round, one guest
 * sends one file into a new receive session alone, then into another while `--flooders=N` (3) hostile guests
 * with real tickets flood the owner's page with pings as fast as their data channels take them, one after the
 * other a second apart from the moment the honest guest's page says it is connected (the owner's page ends each
 * of those connections; what the honest guest loses meanwhile is the cost). A rate is the file over the time from Send to the guest's page showing that the owner has it.
 * Printed per round and as medians, with the ratio flooded/alone. `--rounds=N` (3; `--quick`: 2), `--mib=N`.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/helpers/browser.ts';
import { type HostilePeer, openHostilePeer } from '../test/helpers/hostile-peer.ts';
import { DESKTOP, MiB } from '../test/helpers/p2p-flow.ts';
import { type AppPages, type GuestMarks, option, waitForMark } from './app-pages.ts';
import { percentile, withTimeout } from './server-process.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = Math.max(1, Number(option('rounds') ?? (quick ? 2 : 3)));
const FLOODERS = Math.max(1, Number(option('flooders') ?? 3));
/** Between one flooder's start and the next's. */
const STAGGER_MS = 1000;
/** How long a flooder keeps on if the owner's page never ends its connection. */
const FLOOD_MS = 60_000;
const PING = JSON.stringify({ t: 'ping' });

interface Run {
  /** The honest guest's MiB/s, Send to arrival. */
  rate: number;
  /** Pings the flooders queued (sent or still in their send buffers when cut off), and how many flooders the
   * owner's page cut off. */
  pings: number;
  cut: number;
}

/** One honest guest sends `file` (`size` bytes) into a new session, with `flooders` flooding it meanwhile. */
async function honestRun(app: AppPages, hostile: Browser, file: string, size: number, flooders: number): Promise<Run> {
  await app.clearOwnerStorage();
  const session = await app.createSession();
  const bad: HostilePeer[] = [];
  for (let i = 0; i < flooders; i++) {
    const context = await hostile.newContext({ viewport: DESKTOP });
    const peer = await openHostilePeer(context, app.server.url);
    await peer.joinAsGuest(session.apiUrl, session.pin);
    await peer.handshake('sender');
    bad.push(peer);
  }
  const guest = await app.openGuest(session.guestUrl);
  try {
    await guest.page.locator('#file-input').setInputFiles(file);
    await guest.page.getByLabel('PIN', { exact: true }).fill(session.pin);
    await guest.page.getByRole('button', { name: 'Send', exact: true }).click();
    const limit = Math.max(120_000, (size / MiB) * 2000);
    if (bad.length > 0)
      await waitForMark(async () => (await guest.marks()).connected, 'the honest guest connected', limit);
    const floods = bad.map(async (peer, i) => {
      await new Promise((r) => setTimeout(r, i * STAGGER_MS));
      return peer.flood([PING], FLOOD_MS);
    });
    const marks: GuestMarks = await waitForMark(
      async () => {
        const m = await guest.marks();
        return m.arrived === null ? null : m;
      },
      "the honest guest's file arrived",
      limit,
    );
    const pings = (await Promise.all(floods)).reduce((sum, n) => sum + n, 0);
    const cut = (await Promise.all(bad.map((peer) => peer.isClosed()))).filter(Boolean).length;
    return { rate: size / MiB / (((marks.arrived as number) - (marks.submitted as number)) / 1000), pings, cut };
  } finally {
    await guest.close();
    for (const peer of bad) await peer.page.context().close();
  }
}

export async function floodBench(app: AppPages, file: string, size: number): Promise<void> {
  const hostile = await launchBrowser({ harness: true });
  try {
    console.log(
      `# ${size / MiB} MiB from one honest guest; ${FLOODERS} flooding guest(s) pinging, ${STAGGER_MS / 1000} s apart once it is connected`,
    );
    const alone: number[] = [];
    const flooded: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const solo = await withTimeout(honestRun(app, hostile, file, size, 0), 300_000, 'the guest alone');
      const under = await withTimeout(honestRun(app, hostile, file, size, FLOODERS), 300_000, 'the flooded guest');
      console.log(
        `round ${round}: alone ${solo.rate.toFixed(1).padStart(5)} MiB/s; flooded ${under.rate.toFixed(1).padStart(5)} MiB/s ` +
          `(${under.pings} pings queued, ${under.cut} of ${FLOODERS} flooders cut off by the owner's page)`,
      );
      alone.push(solo.rate);
      flooded.push(under.rate);
    }
    const soloRate = percentile(alone, 50);
    const floodRate = percentile(flooded, 50);
    console.log(`# medians of ${ROUNDS} round(s):`);
    console.log(`#   alone ${soloRate.toFixed(1)} MiB/s; flooded ${floodRate.toFixed(1)} MiB/s`);
    console.log(`flooded/alone=${(floodRate / soloRate).toFixed(2)}`);
  } finally {
    await hostile.close();
  }
}
