/**
 * The service worker (served at /sw.js, scope "/"): makes the app installable and gives it an offline shell.
 *
 * Network first, always: sessions, tickets and signaling are live, so nothing the server answers is ever kept.
 * Only when the network fails does a page navigation get the precached /offline page, which says Phuppi needs
 * its server to start or join a session. Requests other than navigations and the offline page's own files are
 * not touched at all: /api/*, /peerjs, event streams and every page with a token in its URL go straight to the
 * network, as without a service worker.
 *
 * The build defines `OFFLINE_PRECACHE` (the offline page and the content-hashed CSS, theme script and icons it
 * needs), so this file changes with every build that changes them, and the browser installs the new worker.
 */
declare const self: ServiceWorkerGlobalScope;
declare const OFFLINE_PRECACHE: { page: string; assets: string[]; version: string };

const CACHE_NAME = `phuppi-offline-${OFFLINE_PRECACHE.version}`;
const PRECACHED = new Set([OFFLINE_PRECACHE.page, ...OFFLINE_PRECACHE.assets]);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      await cache.addAll([...PRECACHED]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // An older build's offline page names asset files this server no longer has: drop its cache.
      for (const name of await caches.keys()) if (name !== CACHE_NAME) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function networkOr(request: Request, fallback: string): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match(fallback, { cacheName: CACHE_NAME });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkOr(request, OFFLINE_PRECACHE.page));
    return;
  }
  const url = new URL(request.url);
  if (url.origin === self.location.origin && PRECACHED.has(url.pathname))
    event.respondWith(networkOr(request, url.pathname));
});
