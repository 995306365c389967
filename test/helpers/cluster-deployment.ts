/**
 * The scale-out deployment docs/deploy.md describes, on one machine: N app instances as separate processes
 * (`node dist/server/server.js`, as systemd would run them), each with its own port, data dir and log file,
 * on one PostgreSQL database and one Redis, behind a real nginx running deploy/nginx/phuppi.conf.
 * An instance can be SIGKILLed and started again; Redis too (see redis.ts).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { startNginx, type TestNginx, UPSTREAM_HEADER } from './nginx.ts';
import { startTestRedis, type TestRedis } from './redis.ts';
import { ADMIN } from './server.ts';
import type { TestStore } from './stores.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_BUNDLE = path.join(ROOT, 'dist', 'server', 'server.js');
const START_TIMEOUT_MS = 60_000;

export interface AppInstance {
  /** 'A', 'B', 'C', … */
  readonly name: string;
  /** The instance itself, plain HTTP, not through nginx. */
  readonly url: string;
  /** Its own PHUPPI_DATA_DIR (and its log file). */
  readonly dataDir: string;
  /** host:port, as nginx names it in $upstream_addr. */
  readonly upstream: string;
  /** The process now running, or null while it is down. */
  readonly pid: number | null;
  /** Everything the instance printed (log lines and start-up banner) over all its starts. */
  log(): string;
  /** Starts the process and waits until /healthz answers 200. */
  start(): Promise<void>;
  /** SIGKILL, as a crash or a pulled plug: nothing is closed cleanly. Waits until the process is gone. */
  kill(): Promise<void>;
}

export interface ClusterDeployment {
  instances: AppInstance[];
  nginx: TestNginx;
  redis: TestRedis;
  databaseUrl: string;
  /** The instance an $upstream_addr value names (its last entry: the one that answered). */
  instanceAt(upstreamAddr: string | undefined): AppInstance;
  close(): Promise<void>;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}

function appInstance(name: string, port: number, env: Record<string, string>): AppInstance {
  const dataDir = mkdtempSync(path.join(tmpdir(), `phuppi-instance-${name}-`));
  const logFile = path.join(dataDir, 'instance.log');
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    name,
    url,
    dataDir,
    upstream: `127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? null;
    },
    log,
    async start() {
      if (child) throw new Error(`instance ${name} is running`);
      const out = openSync(logFile, 'a');
      // cwd is the data dir, so no stray .env of the developer's is read.
      const spawned = spawn(process.execPath, [SERVER_BUNDLE], {
        cwd: dataDir,
        env: { ...env, PORT: String(port), PHUPPI_DATA_DIR: dataDir },
        stdio: ['ignore', out, out],
      });
      closeSync(out);
      child = spawned;
      spawned.once('exit', () => {
        if (child === spawned) child = null;
      });
      const deadline = Date.now() + START_TIMEOUT_MS;
      while (!(await healthy(url))) {
        if (spawned.exitCode !== null || Date.now() > deadline) {
          spawned.kill('SIGKILL');
          throw new Error(`instance ${name} did not become healthy:\n${log().slice(-3000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async kill() {
      const running = child;
      if (!running) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Starts Redis, a fresh PostgreSQL database, nginx and `count` instances — all instances at the same moment,
 * as a rolling deploy's first start or a reboot would, so they race to migrate the empty database.
 */
export async function startClusterDeployment(options: {
  count: number;
  postgres: TestStore;
}): Promise<ClusterDeployment> {
  // The instances run the built server; `npm test` has built it, a direct run may not have.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-needed'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error('npm run build failed');

  const redis = await startTestRedis();
  const database = await options.postgres.create();
  if (!database.databaseUrl) throw new Error('the cluster needs PostgreSQL');
  const ports = await Promise.all(Array.from({ length: options.count }, () => freePort()));
  const nginx = await startNginx(ports.map((port) => `127.0.0.1:${port}`));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOST: '127.0.0.1',
    DATABASE_URL: database.databaseUrl,
    REDIS_URL: redis.url,
    // nginx's address: only what nginx forwards is believed. (The test's own clients also speak from
    // 127.0.0.1 and name a made-up device address in X-Forwarded-For, as in the other tests.)
    PHUPPI_TRUST_PROXY: '127.0.0.1',
    PHUPPI_BASE_URL: nginx.url,
    // The embedded STUN server cannot sit behind nginx; browsers here connect by their host addresses.
    PHUPPI_STUN_PORT: '0',
    PHUPPI_ADMIN_USERNAME: ADMIN.username,
    PHUPPI_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'info',
  };
  const instances = ports.map((port, i) => appInstance(String.fromCharCode(65 + i), port, env));
  const cleanUp = async () => {
    await Promise.all(instances.map((instance) => instance.kill()));
    await nginx.close();
    await redis.close();
    await database.drop();
    for (const instance of instances) rmSync(instance.dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all(instances.map((instance) => instance.start()));
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    instances,
    nginx,
    redis,
    databaseUrl: database.databaseUrl,
    instanceAt(upstreamAddr) {
      const answered = upstreamAddr?.split(',').at(-1)?.trim();
      const instance = instances.find((candidate) => candidate.upstream === answered);
      if (!instance) throw new Error(`no instance at "${upstreamAddr}" (${UPSTREAM_HEADER})`);
      return instance;
    },
    close: cleanUp,
  };
}
