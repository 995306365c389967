import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { accountRoutes } from './auth/account-routes.ts';
import { AccountService } from './auth/accounts.ts';
import { LoginSessionRepository } from './auth/login-sessions.ts';
import { authRoutes } from './auth/routes.ts';
import { registerSessionLoading } from './auth/session-cookie.ts';
import { SetupCode } from './auth/setup-code.ts';
import { UserRepository } from './auth/users.ts';
import type { Config } from './config.ts';
import type { Store } from './db/index.ts';
import { baseUrlResolver } from './http/base-url.ts';
import { registerClientAddress } from './http/client-address.ts';
import { registerClosingConnections } from './http/closing.ts';
import { frameworkErrors, registerErrorHandling } from './http/error-handler.ts';
import { HttpError } from './http/errors.ts';
import { redactingLogger } from './http/log-redaction.ts';
import { registerNulGuard } from './http/nul-guard.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerEventStreams } from './http/sse.ts';
import { registerStaticAssets } from './http/static-assets.ts';
import { registerHealth } from './ops/health.ts';
import { AppMetrics, registerMetrics } from './ops/metrics.ts';
import { runSteps, schedulePeriodic } from './p2p/cleanup.ts';
import { receivePageRoutes } from './p2p/receive-pages.ts';
import { createReceiveSessions, type ReceiveSessionService } from './p2p/receive-sessions.ts';
import { SessionQuota } from './p2p/session-quota.ts';
import { receiveApiRoutes, shareApiRoutes } from './p2p/session-routes.ts';
import { sharePageRoutes } from './p2p/share-pages.ts';
import { createShareSessions, type ShareSessionService } from './p2p/share-sessions.ts';
import { pageRoutes } from './pages.ts';
import { clientAddressResolver, DEFAULT_ADMISSION_LIMITS, SignalingAdmission } from './signaling/admission.ts';
import { SignalingCredentials } from './signaling/credentials.ts';
import { createPeerSignaling } from './signaling/peer-server.ts';
import { signalingRoutes } from './signaling/signaling-routes.ts';
import { loadSignalingSecret } from './signaling/signaling-secret.ts';
import type { TlsMaterial } from './tls.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  tls?: TlsMaterial | null;
  /** The UDP port the embedded STUN server actually listens on (null when it is off). */
  stunPort?: number | null;
  setupCode?: SetupCode;
  logger?: FastifyServerOptions['logger'];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Exposed for tests and maintenance tasks (clean-up runs, event counts). */
    receiveSessions: ReceiveSessionService;
    shareSessions: ShareSessionService;
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Composes the app from its parts; it does not listen, so tests can build it and call `inject` or `listen`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store } = deps;
  const serverFactory = (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const server = deps.tls ? createHttpsServer({ key: deps.tls.key, cert: deps.tls.cert }) : createHttpServer();
    server.on('request', handler);
    return server as Server;
  };

  const app = Fastify<Server, IncomingMessage, ServerResponse>({
    logger: redactingLogger(deps.logger, config.logLevel),
    trustProxy: config.trustProxy as boolean | string, // a number (hop count) is accepted at run time too
    bodyLimit: BODY_LIMIT_BYTES,
    serverFactory,
    // On close, idle connections go at once; requests in flight finish (event streams are ended by their hook).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    frameworkErrors,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: true, allErrors: false } },
  });

  const users = new UserRepository(store.db);
  const sessions = new LoginSessionRepository(store.db);
  const setupCode = deps.setupCode ?? new SetupCode();
  const quota = new SessionQuota(config.limits, store.dialect);
  const receiveSessions = createReceiveSessions(store.db, users, config.receiveTtlSeconds, store.dialect, quota);
  const shareSessions = createShareSessions(store.db, users, config.receiveTtlSeconds, store.dialect, quota);
  const baseUrl = baseUrlResolver(config.baseUrl);
  const credentials = new SignalingCredentials(loadSignalingSecret(config.dataDir));
  // Signaling shares the app's port: Fastify answers its HTTP paths, the upgrade goes through our admission.
  const signaling = createPeerSignaling(app.server, {
    admission: new SignalingAdmission(credentials, {
      clientAddress: clientAddressResolver(config.trustProxy),
      baseUrl: config.baseUrl,
      limits: DEFAULT_ADMISSION_LIMITS,
    }),
    log: app.log.child({ module: 'signaling' }),
  });
  app.server.on('upgrade', signaling.upgrade);
  const accounts = new AccountService({
    db: store.db,
    dialect: store.dialect,
    users,
    loginSessions: sessions,
    endP2PSessions: async (userId) => {
      await receiveSessions.endAllOfUser(userId);
      await shareSessions.endAllOfUser(userId);
    },
  });

  registerErrorHandling(app);
  registerClientAddress(app);
  registerEventStreams(app);
  registerClosingConnections(app);
  registerNulGuard(app);
  app.removeContentTypeParser('text/plain'); // the API speaks JSON only: anything else is 415
  await registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => request.clientAddress,
    errorResponseBuilder: () => new HttpError(429, 'RATE_LIMITED', 'Too many requests. Wait a minute and try again.'),
  });
  await registerStaticAssets(app);
  if (config.metricsToken) {
    const metrics = new AppMetrics(store.db);
    registerMetrics(app, metrics, config.metricsToken);
    receiveSessions.observer = shareSessions.observer = metrics.sessions;
    metrics.countSignalingPeersWith(() => signaling.connectedPeers());
  }
  registerHealth(app, store.db);
  registerSessionLoading(app, { sessions });

  await app.withTypeProvider<TypeBoxTypeProvider>().register(authRoutes, { users, sessions, setupCode });
  await app.withTypeProvider<TypeBoxTypeProvider>().register(accountRoutes, { accounts });
  await app.register(pageRoutes, { users, setupCode });
  await app
    .withTypeProvider<TypeBoxTypeProvider>()
    .register(receiveApiRoutes, { sessions: receiveSessions, baseUrl, credentials });
  await app
    .withTypeProvider<TypeBoxTypeProvider>()
    .register(shareApiRoutes, { sessions: shareSessions, baseUrl, credentials });
  await app.register(receivePageRoutes, { sessions: receiveSessions, publicBaseUrl: baseUrl });
  await app.register(sharePageRoutes, { sessions: shareSessions, publicBaseUrl: baseUrl });

  await app.withTypeProvider<TypeBoxTypeProvider>().register(signalingRoutes, {
    credentials,
    configuredIce: config.iceServers,
    stunPort: deps.stunPort ?? null,
    turn: config.turn,
    guestPrefixes: [
      { prefix: '/api/p2p/receive', sessions: receiveSessions },
      { prefix: '/api/p2p', sessions: shareSessions },
    ],
  });

  let stopCleanup: (() => void) | null = null;
  app.addHook('onReady', async () => {
    // Each step on its own: one that fails (and is logged) never keeps the others from running.
    stopCleanup = schedulePeriodic(
      () =>
        runSteps(
          {
            'receive sessions': () => receiveSessions.cleanup(config.retentionDays, app.log),
            shares: () => shareSessions.cleanup(config.retentionDays, app.log),
            'expired logins': () => sessions.deleteExpired(),
          },
          app.log,
        ),
      app.log,
    );
  });
  // preClose, not onClose: the server waits for its connections before onClose runs, and open signaling
  // WebSockets would keep it waiting forever.
  app.addHook('preClose', async () => {
    stopCleanup?.();
    await signaling.close();
  });
  app.decorate('receiveSessions', receiveSessions);
  app.decorate('shareSessions', shareSessions);
  return app;
}
