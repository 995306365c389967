import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { requestWords } from '../i18n/language-choice.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { offlinePage } from '../views/offline.ts';
import { webAppManifest } from '../views/web-app-manifest.ts';

const SERVICE_WORKER_FILE = path.join(PROJECT_ROOT, 'dist', 'service-worker', 'sw.js');

let serviceWorker: string | null = null;
function serviceWorkerSource(): string {
  serviceWorker ??= readFileSync(SERVICE_WORKER_FILE, 'utf8');
  return serviceWorker;
}

/**
 * What makes the app installable, at stable URLs (never content-hashed: browsers look them up again by
 * name): the web app manifest, the service worker and the offline page it keeps. `no-cache`, so a new build
 * reaches the browser at its next check.
 */
export function registerInstallableApp(app: FastifyInstance): void {
  app.get('/manifest.webmanifest', async (_request, reply) =>
    reply.type('application/manifest+json').header('cache-control', 'no-cache').send(JSON.stringify(webAppManifest())),
  );

  app.get('/sw.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('service-worker-allowed', '/')
      .send(serviceWorkerSource()),
  );

  app.get('/offline', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(offlinePage(requestWords(request))),
  );
}
