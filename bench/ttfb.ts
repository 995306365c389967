/**
 * `npm run bench:ttfb [-- --quick]`: how soon a guest's files start to move, through the real pages (the built
 * server as a child process, an owner's and guests' Chromium on loopback). Each round opens a receive session
 * on the owner's page and times two guests (phone size, each new):
 *   1. PIN typed and files chosen, Send pressed → the guest's page says "Connected to …" (the PIN check, the
 *      signaling registration, the owner's page learning of the guest and dialing it, the data channel opening);
 *   2. PIN accepted earlier (Send pressed once without files), then files chosen and Send pressed → the first
 *      file bytes stored at the owner (its storage worker's first "written" answer), and → the first bytes on
 *      the owner's progress bar (which the page updates every 250 ms).
 * A warm-up round first, not counted; then `--rounds=N` rounds (10; `--quick`: 3) of a `--mib=N` file (16).
 * `--throttle=N` slows the guests' CPU N times (CDP `Emulation.setCPUThrottlingRate`), a phone-class guest.
 */
import { cpus, loadavg } from 'node:os';
import { MiB } from '../test/helpers/p2p-flow.ts';
import { type AppPages, type GuestPage, option, runPageBench, waitForMark } from './app-pages.ts';
import { percentile, withTimeout } from './server-process.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = Math.max(1, Number(option('rounds') ?? (quick ? 3 : 10)));
const SIZE = Math.max(1, Number(option('mib') ?? 16)) * MiB;
const THROTTLE = Math.max(1, Number(option('throttle') ?? 1));
/** Each time named here must stay under this. */
const TARGET_MS = 1000;
/** A mark not seen within this fails the run, naming it. */
const MARK_LIMIT_MS = 30_000;

interface Round {
  pinToConnected: number;
  sendToStored: number;
  sendToShown: number;
}

/** A new guest on `url`, its CPU slowed down by `--throttle`. */
async function guest(app: AppPages, url: string): Promise<GuestPage> {
  const g = await app.openGuest(url);
  if (THROTTLE > 1) {
    const cdp = await g.page.context().newCDPSession(g.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  }
  return g;
}

const chooseFile = (g: GuestPage, file: string) => g.page.locator('#file-input').setInputFiles(file);

const sendButton = (g: GuestPage) => g.page.getByRole('button', { name: 'Send', exact: true });

/** Waits for the guest's page to say the file arrived (the owner verified it), then closes the guest. */
async function finish(g: GuestPage): Promise<void> {
  await g.page
    .getByRole('heading', { name: 'Your file arrived' })
    .waitFor({ timeout: MARK_LIMIT_MS + (SIZE / MiB) * 1000 * THROTTLE });
  await g.close();
}

async function round(app: AppPages, file: string): Promise<Round> {
  await app.clearOwnerStorage();
  const session = await app.createSession();

  // 1. PIN submit → connected.
  const first = await guest(app, session.guestUrl);
  await chooseFile(first, file);
  await first.page.getByLabel('PIN', { exact: true }).fill(session.pin);
  await sendButton(first).click();
  const connected = await waitForMark(async () => (await first.marks()).connected, 'guest 1 connected', MARK_LIMIT_MS);
  const pinSubmitted = (await first.marks()).submitted as number;
  await finish(first);

  // 2. PIN accepted first; then Send → first byte stored at the owner, and shown there.
  const second = await guest(app, session.guestUrl);
  await second.page.getByLabel('PIN', { exact: true }).fill(session.pin);
  await sendButton(second).click();
  await second.page.locator('#pin-ok').waitFor({ timeout: MARK_LIMIT_MS });
  await chooseFile(second, file);
  await app.resetFirstWritten();
  await sendButton(second).click();
  const sent = (await second.marks()).submitted as number;
  const stored = await waitForMark(
    async () => (await app.ownerMarks()).firstWritten,
    'first byte stored',
    MARK_LIMIT_MS,
  );
  const shown = await waitForMark(
    async () => {
      const cards = Object.values((await app.ownerMarks()).cards);
      // The second guest's card: the one whose bytes showed after this Send.
      return cards.map((c) => c.firstShown).find((t) => t !== null && t > sent) ?? null;
    },
    'first byte on the owner’s progress bar',
    MARK_LIMIT_MS,
  );
  await finish(second);
  return { pinToConnected: connected - pinSubmitted, sendToStored: stored - sent, sendToShown: shown - sent };
}

runPageBench(`photo-${SIZE / MiB}MiB.bin`, SIZE, async (app, file) => {
  console.log(
    `# ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Chromium ${app.browserVersion}; load average ${loadavg()[0]?.toFixed(1)}; ` +
      `${SIZE / MiB} MiB file, guests at phone size${THROTTLE > 1 ? `, their CPU ${THROTTLE}× slower` : ''}, loopback`,
  );
  const rounds: Round[] = [];
  for (let n = 0; n <= ROUNDS; n++) {
    const r = await withTimeout(round(app, file), 3 * MARK_LIMIT_MS + 4 * (SIZE / MiB) * 1000 * THROTTLE, 'a round');
    console.log(
      `${n === 0 ? 'warm-up (not counted)' : `round ${n} of ${ROUNDS}`}: PIN submit → connected ${r.pinToConnected.toFixed(0)} ms; ` +
        `Send (PIN accepted) → first byte stored ${r.sendToStored.toFixed(0)} ms, shown ${r.sendToShown.toFixed(0)} ms`,
    );
    if (n > 0) rounds.push(r);
  }
  const med = (k: keyof Round) =>
    percentile(
      rounds.map((r) => r[k]),
      50,
    );
  const verdict = (ms: number) => `target < ${TARGET_MS} ms: ${ms < TARGET_MS ? 'met' : 'NOT met'}`;
  console.log(`# medians of ${ROUNDS}:`);
  console.log(
    `#   PIN submit → guest's page says "Connected to"        ${med('pinToConnected').toFixed(0).padStart(5)} ms  ${verdict(med('pinToConnected'))}`,
  );
  console.log(
    `#   Send (PIN accepted) → first byte stored at the owner  ${med('sendToStored').toFixed(0).padStart(5)} ms  ${verdict(med('sendToStored'))}`,
  );
  console.log(
    `#   Send (PIN accepted) → first bytes on owner's progress ${med('sendToShown').toFixed(0).padStart(5)} ms  (the bar moves every 250 ms)`,
  );
  console.log(
    `pin-to-connected=${med('pinToConnected').toFixed(0)}ms send-to-first-byte=${med('sendToStored').toFixed(0)}ms`,
  );
});
