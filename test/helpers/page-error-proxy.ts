/**
 * For browsers driven without an "add init script" command (plain W3C WebDriver): a pass-through HTTP proxy
 * in front of the app that puts one same-origin script first in every HTML page's <head>. That script
 * collects the page's uncaught errors, unhandled rejections, failed script/style loads and CSP refusals into
 * `window.__pageErrors` before any of the page's own scripts run, so load-time errors are caught too.
 * Everything else (headers, bodies, the /peerjs WebSocket) goes through unchanged; the app's CSP
 * (`script-src 'self'`) allows the script because it comes from the page's own origin.
 */
import { createServer, request } from 'node:http';
import { connect, type Socket } from 'node:net';

export const PAGE_ERRORS_PATH = '/__test/page-errors.js';

const PAGE_ERRORS_SCRIPT = `window.__pageErrors = [];
addEventListener('error', (e) => {
  const t = e.target;
  window.__pageErrors.push(e instanceof ErrorEvent
    ? e.message + ' at ' + e.filename + ':' + e.lineno + ':' + e.colno
    : 'failed to load ' + (t && (t.src || t.href)));
}, true);
addEventListener('unhandledrejection', (e) => {
  window.__pageErrors.push('unhandled rejection: ' + ((e.reason && e.reason.stack) || e.reason));
});
addEventListener('securitypolicyviolation', (e) => {
  window.__pageErrors.push('CSP refused ' + e.blockedURI + ' (' + e.violatedDirective + ')');
});
`;

/** Starts the proxy on 127.0.0.1 in front of `target` (an http:// origin); `headers` are added to each request. */
export async function startPageErrorProxy(
  target: string,
  headers: Record<string, string> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    if (req.url === PAGE_ERRORS_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(PAGE_ERRORS_SCRIPT);
    }
    // The Host header stays the browser's, so the app sees one consistent origin (Origin matches Host).
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, ...headers, 'accept-encoding': 'identity' },
      },
      (answer) => {
        if (!String(answer.headers['content-type'] ?? '').startsWith('text/html')) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          return void answer.pipe(res);
        }
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const html = Buffer.concat(chunks)
            .toString('utf8')
            .replace(/<head>/i, `<head><script src="${PAGE_ERRORS_PATH}"></script>`);
          const { 'content-length': _dropped, ...rest } = answer.headers;
          res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': Buffer.byteLength(html) });
          res.end(html);
        });
      },
    );
    forward.on('error', (e) => res.destroy(e));
    req.pipe(forward);
  });
  // WebSocket upgrades (signaling at /peerjs): the request head replayed to the app, then bytes both ways.
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    const app = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      app.write(`${lines.join('\r\n')}\r\n\r\n`);
      app.write(head);
      socket.pipe(app).pipe(socket);
    });
    for (const s of [app, socket]) {
      sockets.add(s);
      s.on('error', () => {
        app.destroy();
        socket.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
