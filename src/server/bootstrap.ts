import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { SetupCode } from './auth/setup-code.ts';
import { UserRepository } from './auth/user-repository.ts';
import type { Config } from './config.ts';
import { migrateToLatest, openStore, type Store } from './db/index.ts';
import { loadSignalingSecret } from './signaling/signaling-secret.ts';
import { type StunServer, startStunServer } from './signaling/stun-server.ts';
import { loadTls } from './tls.ts';

/** How long a closing server waits for requests in flight before it cuts their connections. */
const CLOSE_GRACE_MS = 1000;

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  stun: StunServer | null;
  /** The port the HTTP server really listens on (useful when PORT=0). */
  port: number;
  protocol: 'http' | 'https';
  setupCode: string | null;
  appliedMigrations: string[];
  close(): Promise<void>;
}

/** Everything `npm start` does, in order; tests call it too, with their own config. */
export interface StartOptions {
  logger?: boolean | object;
  /** Tests: let the OS pick the STUN port instead of PHUPPI_STUN_PORT. */
  ephemeralStun?: boolean;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const store = openStore(config);
  let stun: StunServer | null = null;
  try {
    const appliedMigrations = await migrateToLatest(store);
    const users = new UserRepository(store.db);
    if (config.adminUsername && config.adminPassword && (await users.count()) === 0) {
      await users.create(config.adminUsername, config.adminPassword, true);
    }
    const setupCode = new SetupCode();
    if ((await users.count()) === 0) setupCode.issue();
    stun = config.stunPort
      ? await startStunServer(
          options.ephemeralStun ? 0 : config.stunPort,
          config.host.includes(':') ? '0.0.0.0' : config.host,
        )
      : null;
    const tls = config.tls ? loadTls(config.tls, config.dataDir) : null;
    const signalingSecret = await loadSignalingSecret(store.db, config.dataDir);
    const app = await buildApp({
      config,
      store,
      tls,
      stunPort: stun?.port ?? null,
      setupCode,
      logger: options.logger,
      signalingSecret,
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const running: RunningServer = {
      app,
      store,
      stun,
      port,
      protocol: tls ? 'https' : 'http',
      setupCode: setupCode.code, // the one the instances settled on
      appliedMigrations,
      async close() {
        // Requests in flight get a moment to finish; then whatever is still open is cut, so closing stays bounded.
        const cutOff = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        await app.close();
        clearTimeout(cutOff);
        await stun?.close();
        await store.close();
      },
    };
    return running;
  } catch (error) {
    await stun?.close();
    await store.close();
    throw error;
  }
}
