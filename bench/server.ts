/**
 * `npm run bench:server [-- --quick]`: how the server holds under load, against the real built server in a child
 * process (its memory is measured apart from the load generators in this process). Prints three figures sets
 * (with `--instances=N`, part (d) instead: see scale-out.ts; it needs PHUPPI_TEST_PG_URL and redis-server):
 * (a) signaling: PEERS registered peers held while pairs relay offers and candidates: server RSS growth, relay
 *     latency p50/p99;
 * (b) the public API and the guest page under 50 concurrent connections from many client addresses (autocannon,
 *     addresses forwarded through a trusted proxy address): requests/s, latency p50/p99, errors;
 * (c) an owner's event stream while 200 guests enter the PIN at once: time until the owner sees each of them.
 * Everything stays on 127.0.0.1 and every step is bounded in time.
 */
import autocannon from 'autocannon';
import { Client } from '../test/helpers/http.ts';
import { openEventStream } from '../test/helpers/sse.ts';
import { scaleOut } from './scale-out.ts';
import { percentile, type ServerProcess, startServerProcess, withTimeout } from './server-process.ts';
import { holdSignalingPeers } from './signaling-load.ts';

const quick = process.argv.includes('--quick');
const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const PEERS = arg('peers', 1000);
const HOLD_SECONDS = arg('hold', quick ? 15 : 60);
const API_SECONDS = arg('api-seconds', quick ? 5 : 15);
const GUESTS = arg('guests', 200);
const INSTANCES = arg('instances', 1);
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** A client address per request, so per-address rate limits see many devices (as behind a real proxy). */
let addressSeq = 0;
const nextAddress = () => {
  addressSeq++;
  return `10.${(addressSeq >> 16) & 255}.${(addressSeq >> 8) & 255}.${addressSeq & 255}`;
};

async function signaling(server: ServerProcess, owner: Client): Promise<void> {
  const r = await holdSignalingPeers(server, { owner, peers: PEERS, holdSeconds: HOLD_SECONDS, nextAddress });
  console.log(
    `(a) signaling: ${r.registered}/${PEERS} peers held ${HOLD_SECONDS} s, ${r.relayed} messages relayed (${r.lost} lost), ` +
      `server RSS +${r.rssGrowthMiB.toFixed(1)} MiB (${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} MiB), ` +
      `relay latency p50 ${ms(r.p50)} p99 ${ms(r.p99)}`,
  );
}

async function api(server: ServerProcess, owner: Client): Promise<void> {
  const session = await owner.send('POST', '/api/p2p/receive/create', { label: 'bench' });
  const { token, shortcode } = session.body as { token: string; shortcode: string };
  const result = await withTimeout(
    autocannon({
      url: server.url,
      connections: 50,
      duration: API_SECONDS,
      requests: [
        {
          method: 'GET',
          path: `/api/p2p/receive/${token}`,
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': nextAddress() } }),
        },
        {
          method: 'GET',
          path: `/p2p/receive/${shortcode}`,
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': nextAddress() } }),
        },
      ],
    }),
    (API_SECONDS + 30) * 1000,
    'the API load run',
  );
  console.log(
    `(b) public API + guest page, 50 connections ${API_SECONDS} s: ${result.requests.average.toFixed(0)} requests/s, ` +
      `latency p50 ${ms(result.latency.p50)} p99 ${ms(result.latency.p99)}, ` +
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
}

async function fanOut(server: ServerProcess, owner: Client): Promise<void> {
  const session = await owner.send('POST', '/api/p2p/receive/create', { label: 'fan-out' });
  const { token, pin } = session.body as { token: string; pin: string };
  const stream = await openEventStream(`${server.url}/api/p2p/receive/${token}/events`, {
    cookie: owner.cookie,
    'x-forwarded-for': owner.ip,
  });
  await stream.next(); // the snapshot
  const seenAt: number[] = [];
  const reading = (async () => {
    while (seenAt.length < GUESTS) {
      const event = await stream.next(30_000);
      if (!event) break;
      if (event.event === 'guest-verified') seenAt.push(performance.now());
    }
  })();
  // All guests ask at once; each one's own answer time is the yardstick for how late the owner sees it.
  const start = performance.now();
  const answers = await Promise.all(
    Array.from({ length: GUESTS }, async () => {
      const response = await new Client(server.url, nextAddress()).request(
        'POST',
        `/api/p2p/receive/${token}/verify-pin`,
        { pin },
      );
      return { status: response.status, at: performance.now() - start };
    }),
  );
  await withTimeout(reading, 60_000, 'the owner seeing every guest');
  stream.close();
  const admitted = answers.filter((a) => a.status === 200).length;
  const answered = answers.map((a) => a.at);
  const seen = seenAt.map((t) => t - start);
  console.log(
    `(c) owner event stream, ${GUESTS} guests entering the PIN at once: ${admitted} admitted, ${seen.length} seen by the owner; ` +
      `guests answered p50 ${ms(percentile(answered, 50))} p99 ${ms(percentile(answered, 99))}, ` +
      `owner saw them p50 ${ms(percentile(seen, 50))} p99 ${ms(percentile(seen, 99))}, last ${ms(Math.max(...seen))}`,
  );
}

async function main(): Promise<void> {
  if (INSTANCES > 1)
    return scaleOut({
      instances: INSTANCES,
      step: arg('step', quick ? 1000 : 2500),
      maxPeers: arg('max-peers', quick ? 3000 * INSTANCES : 5000 * INSTANCES),
      stepSeconds: arg('step-seconds', quick ? 5 : 10),
      p99BoundMs: arg('p99-bound', 50),
      probes: arg('probes', 100),
      nextAddress,
    });
  const server = await startServerProcess({ PHUPPI_MAX_GUESTS_PER_SESSION: String(GUESTS * 2) });
  try {
    const owner = await new Client(server.url, '127.0.0.2').login();
    await signaling(server, owner);
    await api(server, owner);
    await fanOut(server, owner);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
