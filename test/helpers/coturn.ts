/**
 * A real coturn TURN server (apt `coturn`) for relay tests: started as a child process with a config file of
 * its own in a temporary folder, on 127.0.0.1 and free ports of its own, with the shared-secret (TURN REST)
 * authentication the app's credentials are made for. It never reads /etc/turnserver.conf and never touches
 * the system's coturn service.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function turnserverPath(): string {
  return process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';
}

/**
 * Whether coturn tests can run. A missing turnserver skips with a loud warning — also under CI=true, unless
 * PHUPPI_REQUIRE_COTURN=1 says the machine was meant to have it (then it fails loudly).
 * Use as `describe('…', { skip: coturnSkipReason() }, …)`.
 */
export function coturnSkipReason(): string | false {
  if (existsSync(turnserverPath())) return false;
  const message = `coturn not found at ${turnserverPath()} (set TURNSERVER_PATH or apt-get install -y coturn)`;
  if (process.env.CI === 'true' && process.env.PHUPPI_REQUIRE_COTURN === '1') throw new Error(message);
  console.warn(`\n*** SKIPPING coturn tests: ${message} ***\n`);
  return message;
}

export interface Coturn {
  /** UDP and TCP port it listens on (127.0.0.1). */
  readonly port: number;
  /** Its static-auth-secret. */
  readonly secret: string;
  readonly realm: string;
  /** `turn:127.0.0.1:<port>?transport=udp`: what PHUPPI_TURN_URLS names. */
  readonly url: string;
  /** Everything it logged so far. */
  log(): string;
  /** Stops it (SIGTERM, then SIGKILL if it lingers) and removes its folder. */
  stop(): Promise<void>;
}

/** Relay ports per server: each allocation takes one; a test makes a handful. */
const RELAY_PORTS = 40;
const START_TIMEOUT_MS = 10_000;

/** Starts coturn; resolves once it answers a STUN binding request on its port. */
export async function startCoturn(options: { secret?: string; realm?: string } = {}): Promise<Coturn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuppi-coturn-'));
  const secret = options.secret ?? randomBytes(24).toString('hex');
  const realm = options.realm ?? 'phuppi.test';
  const port = await freePort();
  const minPort = await freeUdpRange(RELAY_PORTS);
  const logFile = path.join(dir, 'turnserver.log');
  const config = [
    `listening-ip=127.0.0.1`,
    `relay-ip=127.0.0.1`,
    `listening-port=${port}`,
    `min-port=${minPort}`,
    `max-port=${minPort + RELAY_PORTS - 1}`,
    'use-auth-secret',
    `static-auth-secret=${secret}`,
    `realm=${realm}`,
    'fingerprint',
    'no-tls',
    'no-dtls',
    'no-cli',
    // Both browsers of a test are on 127.0.0.1: their relayed addresses are loopback peers of each other.
    'allow-loopback-peers',
    'no-multicast-peers',
    'verbose',
    // Its own database file: the default one lives under /var/lib/turn.
    `userdb=${path.join(dir, 'turndb')}`,
    `log-file=${logFile}`,
    'simple-log',
    'no-stdout-log',
    `pidfile=${path.join(dir, 'turnserver.pid')}`,
    '',
  ].join('\n');
  const configFile = path.join(dir, 'turnserver.conf');
  writeFileSync(configFile, config);
  const child = spawn(turnserverPath(), ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  try {
    await Promise.race([
      answersStun(port),
      exited.then((code) => {
        throw new Error(`turnserver exited with ${code} before it listened:\n${stderr}\n${log()}`);
      }),
    ]);
  } catch (error) {
    await stopProcess(child, exited);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    secret,
    realm,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    log,
    async stop() {
      await stopProcess(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A port free for TCP and UDP on 127.0.0.1 (coturn listens on both). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    if (await udpFree(port)) return port;
  }
  throw new Error('no free port for coturn');
}

/** The first of `count` consecutive UDP ports free on 127.0.0.1, from a random start in the dynamic range. */
async function freeUdpRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const start = 50_000 + Math.floor(Math.random() * (15_000 - count));
    let free = true;
    for (let p = start; p < start + count && free; p++) free = await udpFree(p);
    if (free) return start;
  }
  throw new Error('no free UDP port range for coturn relays');
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** Resolves once a STUN binding request to 127.0.0.1:`port` gets an answer (coturn is up). */
function answersStun(port: number): Promise<void> {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding Request, no attributes
  request.writeUInt32BE(0x2112a442, 4); // magic cookie
  randomBytes(12).copy(request, 8);
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', () => {}); // an ICMP "port unreachable" before coturn listens: keep asking
    const done = (error?: Error) => {
      clearInterval(resend);
      clearTimeout(timeout);
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    socket.on('message', (message) => {
      if (message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(request.subarray(8, 20))) done();
    });
    const send = () => socket.send(request, port, '127.0.0.1');
    const resend = setInterval(send, 100);
    const timeout = setTimeout(() => done(new Error(`coturn did not answer on port ${port}`)), START_TIMEOUT_MS);
    send();
  });
}
