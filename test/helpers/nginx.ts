/**
 * A real nginx (from apt) in front of the test's app instances, run as a child process with its own prefix,
 * pid file, logs and temporary paths in a temp dir: never /etc/nginx, never systemd. Its site is
 * deploy/nginx/phuppi.conf, the file docs/deploy.md tells admins to install, with only the instances'
 * addresses, the ports and the certificate swapped (each swap must match, so the two cannot drift apart).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTls } from '../../src/server/tls.ts';
import { freePort, portAccepts } from './free-port.ts';

export const NGINX_SITE = fileURLToPath(new URL('../../deploy/nginx/phuppi.conf', import.meta.url));
/** Test only: the instance (address:port) that answered, on every response, 101 handshakes included. */
export const UPSTREAM_HEADER = 'x-test-upstream';

export function nginxPath(): string {
  return process.env.NGINX_PATH ?? '/usr/sbin/nginx';
}

/**
 * Whether the nginx tests can run. A missing nginx skips with a loud warning — also under CI=true, unless
 * PHUPPI_REQUIRE_NGINX=1 says the machine was meant to have it (then it fails loudly).
 * Use as `describe('…', { skip: nginxSkipReason() }, …)`.
 */
export function nginxSkipReason(): string | false {
  if (existsSync(nginxPath())) return false;
  const message = `nginx not found at ${nginxPath()} (set NGINX_PATH or apt-get install -y nginx)`;
  if (process.env.CI === 'true' && process.env.PHUPPI_REQUIRE_NGINX === '1') throw new Error(message);
  console.warn(`\n*** SKIPPING nginx tests: ${message} ***\n`);
  return message;
}

/** Replaces what `pattern` matches in the site file, which must match exactly once. */
function swap(text: string, pattern: RegExp, replacement: (...groups: string[]) => string): string {
  const all = new RegExp(pattern.source, 'gm');
  const found = text.match(all)?.length ?? 0;
  if (found !== 1) throw new Error(`deploy/nginx/phuppi.conf changed: ${found} matches of ${pattern}, not one`);
  return text.replace(all, (_match, ...groups: string[]) => replacement(...groups));
}

/** The admins' site file, made to run here: these upstreams, these loopback ports, this certificate. */
export function renderSite(
  template: string,
  o: { upstreams: string[]; httpsPort: number; httpPort: number; certFile: string; keyFile: string },
): string {
  let site = swap(
    template,
    /^( *)server 10\.0\.0\.11:8080 ([^;]+);.*\n *server 10\.0\.0\.12:8080 \2;\n *server 10\.0\.0\.13:8080 \2;$/,
    (indent, options) => o.upstreams.map((upstream) => `${indent}server ${upstream} ${options};`).join('\n'),
  );
  site = swap(site, /^ *listen \[::\]:80;\n/, () => '');
  site = swap(site, /^ *listen \[::\]:443 ssl http2;\n/, () => '');
  site = swap(site, /^( *)listen 80;$/, (indent) => `${indent}listen 127.0.0.1:${o.httpPort};`);
  site = swap(site, /^( *)listen 443 ssl http2;$/, (indent) => `${indent}listen 127.0.0.1:${o.httpsPort} ssl http2;`);
  site = swap(site, /^( *)ssl_certificate( +)\S+;/, (indent, gap) => `${indent}ssl_certificate${gap}${o.certFile};`);
  site = swap(site, /^( *)ssl_certificate_key \S+;/, (indent) => `${indent}ssl_certificate_key ${o.keyFile};`);
  return site;
}

export interface TestNginx {
  /** https://127.0.0.1:<port>, TLS ended by nginx with a certificate `ca` verifies. */
  url: string;
  /** The certificate nginx presents (self-signed for 127.0.0.1), to verify it rather than ignore errors. */
  ca: string;
  /** GET through nginx; the body as text and the instance that answered. */
  get(pathname: string): Promise<{ status: number; body: string; upstream: string | undefined }>;
  /** nginx's error log so far (why it skipped an instance). */
  errorLog(): string;
  close(): Promise<void>;
}

/** Starts nginx in front of `upstreams` (host:port each) and waits until it accepts connections. */
export async function startNginx(upstreams: string[]): Promise<TestNginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuppi-nginx-'));
  const tls = loadTls({ mode: 'self-signed' }, dir); // writes dir/tls/self-signed.{crt,key}
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const site = renderSite(readFileSync(NGINX_SITE, 'utf8'), {
    upstreams,
    httpsPort,
    httpPort,
    certFile: path.join(dir, 'tls', 'self-signed.crt'),
    keyFile: path.join(dir, 'tls', 'self-signed.key'),
  });
  writeFileSync(path.join(dir, 'phuppi.conf'), site);
  mkdirSync(path.join(dir, 'temp'));
  const temp = (name: string) => path.join(dir, 'temp', name);
  const errorLog = path.join(dir, 'error.log');
  // What Debian's /etc/nginx/nginx.conf provides around conf.d/*.conf, with every path in `dir`.
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${errorLog} info;
events { worker_connections 512; }
http {
    access_log ${path.join(dir, 'access.log')};
    client_body_temp_path ${temp('body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
    add_header ${UPSTREAM_HEADER} $upstream_addr always;
    include ${path.join(dir, 'phuppi.conf')};
}
`,
  );
  const args = ['-p', dir, '-e', errorLog, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'];
  let stderr = '';
  const child: ChildProcess = spawn(nginxPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 10_000;
  while (!(await portAccepts(httpsPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${stderr}\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const url = `https://127.0.0.1:${httpsPort}`;
  return {
    url,
    ca: tls.cert,
    get(pathname) {
      return new Promise((resolve, reject) => {
        const req = request(`${url}${pathname}`, { ca: tls.cert, timeout: 10_000 }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body, upstream: response.headers[UPSTREAM_HEADER] as string }),
          );
        });
        req.on('timeout', () => req.destroy(new Error(`no answer from nginx for ${pathname} within 10 s`)));
        req.on('error', reject);
        req.end();
      });
    },
    errorLog: () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''),
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM'); // fast shutdown: open WebSockets would hold up a graceful one
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
