/**
 * A throw-away redis-server (from apt) for the scale-out tests: its own port and directory, nothing persisted.
 * `stop` and `start` take it down and bring it back on the same port, as an outage would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, portAccepts } from './free-port.ts';

export function redisServerPath(): string {
  return process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
}

/**
 * Whether the Redis tests can run: under CI=true a missing redis-server is an error (.ci/run installs it),
 * elsewhere they skip with a loud warning. Use as `describe('…', { skip: redisSkipReason() }, …)`.
 */
export function redisSkipReason(): string | false {
  if (existsSync(redisServerPath())) return false;
  const message = `redis-server not found at ${redisServerPath()} (set REDIS_SERVER_PATH or apt-get install -y redis-server)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** SKIPPING Redis tests: ${message} ***\n`);
  return message;
}

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: an outage, not a shutdown) and waits until it is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Hangs it (SIGSTOP): connections stay open and nothing answers, as with a stuck server; `thaw` resumes it. */
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'phuppi-redis-'));
  let child: ChildProcess | null = null;

  const start = async () => {
    if (child) throw new Error('the test Redis is running');
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    const spawned = spawn(redisServerPath(), args, { stdio: 'ignore' });
    child = spawned;
    const deadline = Date.now() + 10_000;
    while (!(await portAccepts(port))) {
      if (spawned.exitCode !== null) throw new Error(`redis-server exited with ${spawned.exitCode}`);
      if (Date.now() > deadline) throw new Error('redis-server did not start within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  const signal = (name: NodeJS.Signals) => {
    if (!child || child.exitCode !== null) throw new Error('the test Redis is not running');
    child.kill(name);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
