/**
 * Part (d) of `npm run bench:server -- --instances=N`: how many signaling peers one instance holds, and N
 * instances (separate processes on one PostgreSQL and one Redis), with relay latency p99 under the same bound.
 * Peers are added a step at a time; each step is held for a while with the traffic of idle pages (a HEARTBEAT
 * every 5 s) and of connection setups (a fixed number of pairs a second relay an offer or a candidate). With N instances,
 * peer k is on instance k mod N and pairs are neighbours, so every relayed message crosses instances.
 * A step counts as held when every peer registered and stayed, and the relay p99 stayed under the bound.
 */
import { cpus, loadavg } from 'node:os';
import WebSocket from 'ws';
import { Client } from '../test/helpers/http.ts';
import { startTestRedis } from '../test/helpers/redis.ts';
import { testStores } from '../test/helpers/stores.ts';
import { percentile, rssMiB, type ServerProcess, startServerProcess, withTimeout } from './server-process.ts';
import { type BenchPeer, register, relayFrame } from './signaling-load.ts';

export interface ScaleOptions {
  instances: number;
  /** Peers added per step, and the most a ramp offers. */
  step: number;
  maxPeers: number;
  stepSeconds: number;
  /** A step whose relay p99 is above this is not held. */
  p99BoundMs: number;
  /** Relayed messages a second, each from another pair (the latency sample). */
  probes: number;
  nextAddress(): string;
}

interface StepFigures {
  peers: number;
  held: boolean;
  /** Why the ramp stopped at this step, if it did. */
  stop?: string;
  p50: number;
  p99: number;
  relayed: number;
  lost: number;
  rssMiB: number;
}

interface RampFigures {
  instances: number;
  steps: StepFigures[];
  /** The last step held. */
  best: StepFigures | null;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${ms(Math.abs(v))}`;
const BATCH = 25;
const WARM_UP_SECONDS = 2;
/** How long the last relayed messages may take before they count as lost (a loaded machine is slow). */
const IN_FLIGHT_GRACE_SECONDS = 3;

/** Logs the admin in on every instance (one login: it lives in the database). */
async function ownersOf(servers: ServerProcess[]): Promise<Client[]> {
  const first = await new Client(servers[0]!.url, '127.0.0.2').login();
  return servers.map((server) => {
    const owner = new Client(server.url, first.ip);
    owner.cookie = first.cookie;
    owner.csrfToken = first.csrfToken;
    return owner;
  });
}

async function ramp(servers: ServerProcess[], options: ScaleOptions, label: string): Promise<RampFigures> {
  const owners = await ownersOf(servers);
  const sentAt = new Map<number, number>();
  let latencies: number[] = [];
  const onMessage = (data: any) => {
    const at = sentAt.get(data?.payload?.seq);
    if (at === undefined) return;
    latencies.push(performance.now() - at);
    sentAt.delete(data.payload.seq);
  };
  const peers: BenchPeer[] = [];
  const steps: StepFigures[] = [];
  const closeCodes = new Map<number, number>();
  let seq = 0;
  // Every peer sends a HEARTBEAT every 5 s from the start, as PeerJS pages do (without it the server drops a
  // socket after 90 s, and registering a step can take that long on a loaded machine).
  let slice = 0;
  const heartbeats = setInterval(() => {
    slice++;
    for (let i = slice % 50; i < peers.length; i += 50) peers[i]!.socket.send('{"type":"HEARTBEAT"}');
  }, 100);
  try {
    while (peers.length < options.maxPeers) {
      const target = Math.min(peers.length + options.step, options.maxPeers);
      let refused = 0;
      let reason = '';
      const registering = performance.now();
      while (peers.length + refused < target) {
        const start = peers.length + refused;
        const batch = await Promise.allSettled(
          Array.from({ length: Math.min(BATCH, target - start) }, (_, i) => {
            const instance = (start + i) % servers.length;
            return register(servers[instance]!, owners[instance]!, options.nextAddress(), onMessage);
          }),
        );
        for (const result of batch) {
          if (result.status === 'fulfilled') {
            peers.push(result.value);
            result.value.socket.once('close', (code) => closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1));
          } else {
            refused++;
            reason ||= (result.reason as Error).message;
          }
        }
        if (refused > 0) break;
      }
      if (refused > 0) {
        steps.push({
          peers: target,
          held: false,
          stop: `${refused} refused (${reason})`,
          p50: NaN,
          p99: NaN,
          relayed: 0,
          lost: 0,
          rssMiB: 0,
        });
        break;
      }
      // Hold the step: `probes` pairs a second relay an offer or a candidate (connection setups), on top of the
      // heartbeats; the first seconds warm up and are not measured.
      let relayed = 0;
      let pair = 0;
      // Spread over tenths of a second, as independent pages would be (a burst would measure its own queue).
      const timer = setInterval(() => {
        const pairs = Math.floor(peers.length / 2);
        for (let n = 0; n < Math.min(options.probes / 10, pairs); n++) {
          pair = (pair + 1) % pairs;
          const [from, to] =
            slice % 2 ? [peers[2 * pair]!, peers[2 * pair + 1]!] : [peers[2 * pair + 1]!, peers[2 * pair]!];
          sentAt.set(++seq, performance.now());
          relayed++;
          from.socket.send(relayFrame(seq % 4 === 0 ? 'OFFER' : 'CANDIDATE', to.id, seq));
        }
      }, 100);
      await new Promise((r) => setTimeout(r, WARM_UP_SECONDS * 1000));
      latencies = [];
      sentAt.clear();
      relayed = 0;
      await new Promise((r) => setTimeout(r, options.stepSeconds * 1000));
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, IN_FLIGHT_GRACE_SECONDS * 1000)); // late is not lost
      const open = peers.filter((p) => p.socket.readyState === WebSocket.OPEN).length;
      const registeredIn =
        (performance.now() - registering) / 1000 - WARM_UP_SECONDS - options.stepSeconds - IN_FLIGHT_GRACE_SECONDS;
      const figures: StepFigures = {
        peers: peers.length,
        held: false,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        relayed,
        lost: sentAt.size,
        rssMiB: servers.reduce((sum, s) => sum + rssMiB(s.pid), 0),
      };
      if (open < peers.length)
        figures.stop = `${peers.length - open} sockets dropped (close codes ${JSON.stringify(Object.fromEntries(closeCodes))})`;
      else if (!(figures.p99 <= options.p99BoundMs)) figures.stop = `relay p99 above ${options.p99BoundMs} ms`;
      else if (figures.lost > 0) figures.stop = `${figures.lost} relayed messages lost`;
      figures.held = figures.stop === undefined;
      steps.push(figures);
      console.log(
        `    ${label}: ${figures.peers} peers: relay p50 ${ms(figures.p50)} p99 ${ms(figures.p99)} ` +
          `(${relayed} relayed, ${figures.lost} lost), RSS ${figures.rssMiB.toFixed(0)} MiB, ` +
          `step registered in ${registeredIn.toFixed(0)} s${figures.stop ? ` — ${figures.stop}` : ''}`,
      );
      if (!figures.held) break;
    }
  } finally {
    clearInterval(heartbeats);
    for (const p of peers) p.socket.terminate();
  }
  const held = steps.filter((s) => s.held);
  return { instances: servers.length, steps, best: held[held.length - 1] ?? null };
}

/** Starts `count` server processes on one database and one Redis, one after the other (a loaded machine is slow). */
async function startInstances(count: number, env: Record<string, string>): Promise<ServerProcess[]> {
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startServerProcess(env, { startTimeoutMs: 120_000 }));
  } catch (error) {
    await stopAll(servers);
    throw error;
  }
  return servers;
}

async function stopAll(servers: ServerProcess[]): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
}

export async function scaleOut(options: ScaleOptions): Promise<void> {
  const postgres = testStores().find((store) => store.name === 'postgres');
  if (!postgres)
    throw new Error(
      '--instances needs PostgreSQL: set PHUPPI_TEST_PG_URL (an admin URL; a database is made and dropped)',
    );
  const redis = await startTestRedis();
  const database = await postgres.create();
  const env = { DATABASE_URL: database.databaseUrl as string, REDIS_URL: redis.url };
  console.log(
    `(d) scale-out: peers held ${Number.isFinite(options.p99BoundMs) ? `with relay p99 ≤ ${options.p99BoundMs} ms` : '(no p99 bound)'}, ${options.step} peers a step, ` +
      `${options.stepSeconds} s each, ${options.probes} relayed messages a second, at most ${options.maxPeers}; ` +
      'PostgreSQL + Redis, instances as separate processes',
  );
  try {
    const one = await startInstances(1, env);
    const single = await withTimeout(
      ramp(one, { ...options, maxPeers: options.maxPeers }, '1 instance'),
      15 * 60_000,
      'the 1-instance ramp',
    ).finally(() => stopAll(one));
    const many = await startInstances(options.instances, env);
    const scaled = await withTimeout(
      ramp(many, options, `${options.instances} instances`),
      15 * 60_000,
      'the scaled ramp',
    ).finally(() => stopAll(many));
    report(single, scaled, options);
  } finally {
    await database.drop();
    await redis.close();
  }
}

function report(single: RampFigures, scaled: RampFigures, options: ScaleOptions): void {
  const line = (r: RampFigures) => {
    const why = r.steps[r.steps.length - 1]?.stop ?? `the ramp's cap of ${options.maxPeers}`;
    return r.best
      ? `${r.best.peers} peers held (p50 ${ms(r.best.p50)}, p99 ${ms(r.best.p99)}, RSS ${r.best.rssMiB.toFixed(0)} MiB); stopped by: ${why}`
      : `no step held; stopped by: ${why}`;
  };
  console.log(`    1 instance:  ${line(single)}`);
  console.log(`    ${scaled.instances} instances: ${line(scaled)}`);
  const ratio = (scaled.best?.peers ?? 0) / (single.best?.peers ?? Number.NaN);
  console.log(`    ratio ${ratio.toFixed(2)} × (target ≥ 2.5 ×)`);
  console.log(
    `    # ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} shared by every instance, Redis, PostgreSQL and this load ` +
      `generator (load average now ${loadavg()[0]?.toFixed(1)}): instances add sockets and memory, not CPU, here; ` +
      'what one instance holds is bounded by its PeerJS server (concurrent_limit 5000) before its CPU',
  );
  // Cross-instance cost: the first step, where the machine is least loaded, local relay against crossing relay.
  const [first1, firstN] = [single.steps[0], scaled.steps[0]];
  if (first1 && firstN && first1.peers === firstN.peers)
    console.log(
      `    at ${first1.peers} peers: relay p99 ${ms(first1.p99)} in one instance, ${ms(firstN.p99)} when every message ` +
        `crosses instances: ${signed(firstN.p99 - first1.p99)} (target < 5 ms); p50 ${signed(firstN.p50 - first1.p50)}`,
    );
}
