/**
 * Registers the service worker (src/client/offline/service-worker.ts) that makes the app installable and
 * shows an offline page instead of the browser's error. Browsers offer service workers only in a secure
 * context (https, or localhost): a phone on plain http://192.168.x.y simply goes without.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Refused (storage off, a private window): the pages work the same, only without the offline page.
    });
  });
}
