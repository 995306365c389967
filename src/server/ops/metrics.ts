import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Cluster } from '../cluster/cluster.ts';
import { constantTimeEqual } from '../crypto.ts';
import type { Db } from '../db/index.ts';
import { HttpError } from '../http/errors.ts';
import { isoNow } from '../time.ts';
import { OPERATOR_RATE_LIMIT } from './loopback.ts';
import type { SessionObserver } from './session-observer.ts';

/**
 * The operator's Prometheus metrics, one registry per app (tests build several apps in one process). Labels are
 * route patterns, methods, statuses and session kinds only: never a URL, token, PIN, address or file name.
 */
export class AppMetrics {
  readonly registry = new Registry();
  #signalingPeers: () => number = () => 0;

  readonly #requests = new Counter({
    name: 'phuppi_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly #pinFailures = new Counter({
    name: 'phuppi_pin_failures_total',
    help: 'Wrong PINs entered',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly #pinLocks = new Counter({
    name: 'phuppi_pin_locks_total',
    help: 'PIN locks engaged (address: one device for 15 minutes; session: until the owner sets a new PIN)',
    labelNames: ['kind', 'scope'] as const,
    registers: [this.registry],
  });
  readonly #guests = new Counter({
    name: 'phuppi_guests_admitted_total',
    help: 'Guests admitted by a correct PIN',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly #files = new Counter({
    name: 'phuppi_files_completed_total',
    help: 'Files guests reported done',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly #cleanupRuns = new Counter({
    name: 'phuppi_cleanup_runs_total',
    help: 'Periodic clean-ups of the database this instance ran (one instance runs it per interval)',
    registers: [this.registry],
  });
  readonly #bytes = new Counter({
    name: 'phuppi_completed_bytes_total',
    help: 'Bytes of the files guests reported done (as reported)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor(db: Db) {
    const metrics = this;
    new Gauge({
      name: 'phuppi_active_sessions',
      help: 'Receive sessions and shares that are open now (active and not expired)',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        const now = isoNow();
        for (const [kind, table] of [
          ['receive', 'p2p_receive_sessions'],
          ['share', 'p2p_shared_files'],
        ] as const) {
          const row = await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('is_active', '=', true)
            .where('expires_at', '>', now)
            .executeTakeFirstOrThrow();
          this.set({ kind }, Number(row.n));
        }
      },
    });
    new Gauge({
      name: 'phuppi_signaling_peers',
      help: 'Peers connected to the signaling server now',
      registers: [this.registry],
      collect() {
        this.set(metrics.#signalingPeers());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'phuppi_' });
  }

  /** With REDIS_URL: whether this instance reaches Redis (1) or not (0), asked at each scrape. */
  watchCluster(cluster: Cluster): void {
    if (!cluster.redis) return;
    new Gauge({
      name: 'phuppi_redis_up',
      help: 'Whether this instance reaches the Redis the instances share (1) or not (0)',
      registers: [this.registry],
      async collect() {
        this.set((await cluster.health()).redis === 'ok' ? 1 : 0);
      },
    });
  }

  cleanupRan(): void {
    this.#cleanupRuns.inc();
  }

  /** The hook for the signaling server: whatever it is, it hands over a function that counts its connected peers. */
  countSignalingPeersWith(count: () => number): void {
    this.#signalingPeers = count;
  }

  readonly sessions: SessionObserver = {
    pinFailed: (kind, lock) => {
      this.#pinFailures.inc({ kind });
      if (lock) this.#pinLocks.inc({ kind, scope: lock });
    },
    guestAdmitted: (kind) => this.#guests.inc({ kind }),
    filesCompleted: (kind, files, bytes) => {
      this.#files.inc({ kind }, files);
      this.#bytes.inc({ kind }, bytes);
    },
  };

  observeRequest(request: FastifyRequest, reply: FastifyReply): void {
    // The pattern ("/api/p2p/receive/:token"), never the URL: tokens and shortcodes stay out, and the label set stays small.
    this.#requests.inc({
      route: request.routeOptions.url ?? 'unmatched',
      method: request.method,
      status: String(reply.statusCode),
    });
  }
}

/**
 * Counts every answered request and serves `GET /metrics`: `Authorization: Bearer <token>` (compared in constant
 * time), 401 otherwise. The app calls this only when PHUPPI_METRICS_TOKEN is set; without it there is no route (404).
 */
export function registerMetrics(app: FastifyInstance, metrics: AppMetrics, token: string): void {
  app.addHook('onResponse', async (request, reply) => metrics.observeRequest(request, reply));
  app.get('/metrics', { config: { rateLimit: OPERATOR_RATE_LIMIT } }, async (request, reply) => {
    const header = request.headers.authorization;
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!constantTimeEqual(given, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new HttpError(401, 'UNAUTHORIZED', 'This endpoint needs Authorization: Bearer <PHUPPI_METRICS_TOKEN>.');
    }
    return reply
      .header('cache-control', 'no-store')
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
}
