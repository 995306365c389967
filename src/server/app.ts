import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { accountRoutes } from './auth/account-routes.ts';
import { AccountUseCases } from './auth/account-use-cases.ts';
import { authPageRoutes } from './auth/auth-pages.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { registerLoginLoading } from './auth/login-cookie.ts';
import { LoginSessionRepository } from './auth/login-session-repository.ts';
import { OidcClient } from './auth/oidc-client.ts';
import { OidcIdentityRepository } from './auth/oidc-identity-repository.ts';
import { oidcLoginHref, oidcRoutes } from './auth/oidc-routes.ts';
import { OidcSignIn } from './auth/oidc-sign-in.ts';
import { OidcStateCookie } from './auth/oidc-state-cookie.ts';
import { SetupCode } from './auth/setup-code.ts';
import { UserRepository } from './auth/user-repository.ts';
import { type Cluster, joinCluster } from './cluster/join-cluster.ts';
import { KEY_PREFIX } from './cluster/redis-cluster.ts';
import type { Config } from './config.ts';
import type { Store } from './db/index.ts';
import { baseUrlResolver } from './http/base-url.ts';
import { registerClientAddress } from './http/client-address.ts';
import { registerClosingConnections } from './http/closing.ts';
import { frameworkErrors, registerErrorHandling } from './http/error-handler.ts';
import { HttpError, sentence } from './http/errors.ts';
import { registerInstallableApp } from './http/installable-app.ts';
import { redactingLogger } from './http/log-redaction.ts';
import { registerNulGuard } from './http/nul-guard.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerEventStreams } from './http/sse.ts';
import { registerStaticAssets } from './http/static-assets.ts';
import { registerLanguageChoice } from './i18n/language-choice.ts';
import { CLEANUP_INTERVAL_MS, runSteps, schedulePeriodic } from './ops/cleanup-steps.ts';
import { registerHealth } from './ops/health.ts';
import { AppMetrics, registerMetrics } from './ops/metrics.ts';
import { receivePageRoutes } from './sessions/receive-pages.ts';
import { SessionEventHub } from './sessions/session-events.ts';
import { RECEIVE_SESSION, SHARE } from './sessions/session-kinds.ts';
import { SessionQuota } from './sessions/session-quota.ts';
import { receiveSessionRoutes, shareRoutes } from './sessions/session-routes.ts';
import { type ReceiveSessions, SessionUseCases, type Shares } from './sessions/session-use-cases.ts';
import { sharePageRoutes } from './sessions/share-pages.ts';
import { clientAddressResolver, DEFAULT_ADMISSION_LIMITS, SignalingAdmission } from './signaling/admission.ts';
import { SignalingCredentials } from './signaling/credentials.ts';
import { ownerSocketLifetime } from './signaling/owner-login.ts';
import { createPeerSignaling } from './signaling/peer-server.ts';
import { redisAdmissionCounts } from './signaling/shared-admission.ts';
import { signalingRoutes } from './signaling/signaling-routes.ts';
import type { TlsMaterial } from './tls.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  tls?: TlsMaterial | null;
  /** The UDP port the embedded STUN server actually listens on (null when it is off). */
  stunPort?: number | null;
  setupCode?: SetupCode;
  logger?: FastifyServerOptions['logger'];
  /** The key every instance signs signaling credentials with (loadSignalingSecret, once the database is migrated). */
  signalingSecret: Buffer;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Exposed for tests and maintenance tasks (clean-up runs, event counts). */
    receiveSessions: ReceiveSessions;
    shareSessions: Shares;
    /** What this instance shares with the others (a cluster of one without REDIS_URL). */
    cluster: Cluster;
    /** Login sessions and what was opened under them (event streams, an owner's signaling sockets). */
    logins: LoginSessionRepository;
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * The shared clean-up runs at most once per this period across the instances: a little under the interval, so
 * an instance whose timer fires just before the last lease ran out does not skip a whole interval.
 */
const CLEANUP_CLAIM_MS = CLEANUP_INTERVAL_MS - 5_000;

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

  const cluster = joinCluster(config.redisUrl, app.log.child({ module: 'cluster' }));
  app.addHook('onClose', () => cluster.close());
  const users = new UserRepository(store.db);
  const logins = new LoginSessionRepository(store.db, cluster);
  const setupCode = deps.setupCode ?? new SetupCode();
  // The setup page may land on any instance: they all accept the code the first of them printed.
  if (setupCode.code) setupCode.adopt(await cluster.settle('setup-code', setupCode.code));
  const quota = new SessionQuota(config.limits, store.dialect);
  const baseUrl = baseUrlResolver(config.baseUrl);
  const credentials = new SignalingCredentials(deps.signalingSecret);
  // Signaling shares the app's port: Fastify answers its HTTP paths, the upgrade goes through our admission.
  const signalingLog = app.log.child({ module: 'signaling' });
  const signaling = createPeerSignaling(app.server, {
    admission: new SignalingAdmission(credentials, {
      clientAddress: clientAddressResolver(config.trustProxy),
      baseUrl: config.baseUrl,
      limits: DEFAULT_ADMISSION_LIMITS,
      shared: cluster.redis && redisAdmissionCounts(cluster.redis),
      log: signalingLog,
      ownerLogin: ownerSocketLifetime({ logins, credentials }),
    }),
    log: signalingLog,
    cluster,
  });
  const receiveSessions: ReceiveSessions = new SessionUseCases(
    store.db,
    users,
    config.receiveTtlSeconds,
    store.dialect,
    RECEIVE_SESSION,
    quota,
    signaling.hangUp,
    new SessionEventHub(cluster),
  );
  const shareSessions: Shares = new SessionUseCases(
    store.db,
    users,
    config.receiveTtlSeconds,
    store.dialect,
    SHARE,
    quota,
    signaling.hangUp,
    new SessionEventHub(cluster),
  );
  app.server.on('upgrade', signaling.upgrade);
  const accounts = new AccountUseCases({
    db: store.db,
    dialect: store.dialect,
    users,
    loginSessions: logins,
    endSessionsOfUser: async (userId) => {
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
  registerLanguageChoice(app);
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => request.clientAddress,
    errorResponseBuilder: () => new HttpError(429, 'RATE_LIMITED', sentence('view.apiError.rateLimited')),
    // Several instances count in the shared Redis. While it is down requests go through uncounted: serving the
    // pages beats limiting them (the cluster logs the outage, /healthz and /metrics show it).
    ...(cluster.redis ? { redis: cluster.redis, nameSpace: `${KEY_PREFIX}rate-limit:`, skipOnError: true } : {}),
  });
  await registerOpenApi(app); // before any route: it collects their schemas
  await registerStaticAssets(app);
  registerInstallableApp(app);
  let cleanupRan = () => {};
  if (config.metricsToken) {
    const metrics = new AppMetrics(store.db);
    registerMetrics(app, metrics, config.metricsToken);
    receiveSessions.observer = shareSessions.observer = metrics.sessions;
    metrics.countSignalingPeersWith(() => signaling.connectedPeers());
    metrics.watchCluster(cluster);
    cleanupRan = () => metrics.cleanupRan();
  }
  registerHealth(app, store.db, cluster);
  registerLoginLoading(app, { logins });

  await app.withTypeProvider<TypeBoxTypeProvider>().register(authRoutes, { users, logins, setupCode });
  await app.withTypeProvider<TypeBoxTypeProvider>().register(accountRoutes, { accounts });
  const { oidc } = config;
  await app.register(authPageRoutes, {
    users,
    setupCode,
    singleSignOn: oidc && { name: oidc.displayName, href: (next) => oidcLoginHref(config.baseUrl, next) },
  });
  if (oidc)
    await app.register(oidcRoutes, {
      client: new OidcClient(oidc),
      stateCookie: new OidcStateCookie(oidc.clientSecret),
      signIn: new OidcSignIn({
        settings: oidc,
        users,
        identities: new OidcIdentityRepository(store.db),
        accounts,
        log: app.log.child({ module: 'oidc' }),
      }),
      logins,
      configuredBaseUrl: config.baseUrl,
    });
  await app
    .withTypeProvider<TypeBoxTypeProvider>()
    .register(receiveSessionRoutes, { sessions: receiveSessions, baseUrl, credentials });
  await app
    .withTypeProvider<TypeBoxTypeProvider>()
    .register(shareRoutes, { sessions: shareSessions, baseUrl, credentials });
  await app.register(receivePageRoutes, { sessions: receiveSessions, publicBaseUrl: baseUrl });
  await app.register(sharePageRoutes, { sessions: shareSessions, publicBaseUrl: baseUrl });

  await app.withTypeProvider<TypeBoxTypeProvider>().register(signalingRoutes, {
    credentials,
    configuredIce: config.iceServers,
    stunPort: deps.stunPort ?? null,
    turn: config.turn,
    iceTransportPolicy: config.iceTransportPolicy,
    guestSessions: [receiveSessions, shareSessions],
  });

  let stopCleanup: (() => void) | null = null;
  app.addHook('onReady', async () => {
    // Each step on its own: one that fails (and is logged) never keeps the others from running.
    stopCleanup = schedulePeriodic(async () => {
      // The database's clean-up is one instance's job per period; each instance's own streams are its own.
      if (await cluster.claim('cleanup', CLEANUP_CLAIM_MS)) {
        cleanupRan();
        await runSteps(
          {
            'receive sessions': () => receiveSessions.cleanup(config.retentionDays, app.log),
            shares: () => shareSessions.cleanup(config.retentionDays, app.log),
            'expired logins': () => logins.deleteExpired(),
          },
          app.log,
        );
      }
      await runSteps({ 'logins ended by another process': () => logins.endVanished() }, app.log);
    }, app.log);
  });
  // preClose, not onClose: the server waits for its connections before onClose runs, and open signaling
  // WebSockets would keep it waiting forever.
  app.addHook('preClose', async () => {
    stopCleanup?.();
    await signaling.close();
  });
  app.decorate('receiveSessions', receiveSessions);
  app.decorate('shareSessions', shareSessions);
  app.decorate('cluster', cluster);
  app.decorate('logins', logins);
  return app;
}
