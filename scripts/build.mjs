// Builds the browser bundles (content-hashed, with a manifest the server reads) and the server bundle.
// `--if-needed` skips the work when nothing under src/ changed since the last build.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { pageSizes } from './page-budget.mjs';
import { precompress } from './precompress.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const publicDir = path.join(dist, 'public');
const stamp = path.join(dist, '.build-stamp');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function newestSource() {
  const files = [...walk(path.join(root, 'src')), path.join(root, 'package.json'), fileURLToPath(import.meta.url)];
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

if (process.argv.includes('--if-needed') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) {
  process.exit(0);
}

const started = Date.now();
const clientDir = path.join(root, 'src', 'client');
const SERVICE_WORKER = 'service-worker.ts';
// A guest opens its page on a phone, often on a slow network: each guest page is one file with everything it
// imports (no shared chunks), so the browser finds all its code in the HTML's first round of requests instead of
// learning of a dozen chunks only once the page's script arrived (a round trip more, and more requests than a
// browser opens connections at once). The other pages share chunks.
const GUEST_PAGES = ['receive-guest.js', 'share-guest.js'];
const pageEntries = readdirSync(path.join(clientDir, 'pages'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(clientDir, 'pages', f));
const isGuestPage = (entry) => GUEST_PAGES.includes(path.basename(entry).replace(/\.ts$/, '.js'));
const entryPoints = [
  ...pageEntries.filter((entry) => !isGuestPage(entry)),
  // Dedicated workers; the service worker is built on its own below, at a URL without a hash.
  ...walk(clientDir).filter((f) => f.endsWith('-worker.ts') && path.basename(f) !== SERVICE_WORKER),
  path.join(clientDir, 'styles', 'app.css'),
  path.join(clientDir, 'styles', 'favicon.svg'),
  // The web app manifest's icons (scripts/render-icons.mjs draws them from the favicon).
  ...readdirSync(path.join(clientDir, 'icons')).map((f) => path.join(clientDir, 'icons', f)),
];

// The browsers guests carry: iPhones stay on old Safari for years.
const BROWSER_TARGETS = ['chrome100', 'firefox100', 'safari15', 'ios15'];

rmSync(publicDir, { recursive: true, force: true });
mkdirSync(publicDir, { recursive: true });
const clientOptions = {
  outdir: publicDir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: BROWSER_TARGETS,
  minify: true,
  sourcemap: true,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  loader: { '.svg': 'copy', '.png': 'copy', '.wasm': 'file' },
  metafile: true,
  logLevel: 'warning',
};
const client = await esbuild.build({ ...clientOptions, entryPoints, splitting: true });
const guestPages = await esbuild.build({ ...clientOptions, entryPoints: pageEntries.filter(isGuestPage) });

// The theme script every page loads in <head> before the body is parsed: a classic script (modules wait for
// the whole document), so one file without imports; the build above would make it import the shared chunk.
const theme = await esbuild.build({
  entryPoints: [path.join(clientDir, 'theme', 'theme.ts')],
  outdir: publicDir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: BROWSER_TARGETS,
  minify: true,
  sourcemap: true,
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});
const outputs = { ...client.metafile.outputs, ...guestPages.metafile.outputs, ...theme.metafile.outputs };

// manifest.json: entry name ("login.js", "app.css", "opfs-worker.js") → hashed file name.
const manifest = {};
for (const [output, meta] of Object.entries(outputs)) {
  if (!meta.entryPoint) continue;
  const source = path.basename(meta.entryPoint).replace(/\.ts$/, '.js');
  manifest[source] = path.relative(publicDir, path.join(root, output)).split(path.sep).join('/');
}
writeFileSync(path.join(publicDir, 'manifest.json'), JSON.stringify(manifest, null, 2));

// A guest page's JavaScript, with every chunk it imports (statically or on demand), must stay under this budget,
// gzipped.
// What every page loads besides its own script (src/server/views/layout.ts).
const EVERY_PAGE = ['theme.js'];
const GUEST_BUDGET_BYTES = 80 * 1024;

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = pageSizes({
  outputs,
  root,
  pages: Object.fromEntries(
    GUEST_PAGES.map((name) => [
      name,
      [name, ...EVERY_PAGE].map((script) =>
        path.relative(root, path.join(publicDir, manifest[script])).split(path.sep).join('/'),
      ),
    ]),
  ),
  budgetBytes: GUEST_BUDGET_BYTES,
});
for (const { page, bytes, chunks, over } of sizes)
  console.log(
    `${page}: ${kib(bytes)} gzipped with ${chunks} imported chunks (budget ${kib(GUEST_BUDGET_BYTES)})${over ? ' — OVER BUDGET' : ''}`,
  );
const overBudget = sizes.some((s) => s.over);
if (overBudget) {
  console.error('A guest page is over its JavaScript budget: see the sizes above.');
  process.exit(1);
}

// esbuild lowers syntax for the targets but leaves a regular expression it cannot lower as `new RegExp(…)`,
// which throws when the page loads. Lookbehind (Safari before 16.4) is the one that has bitten us.
const lookbehind = /\(\?<[=!]/;
const unsupported = Object.keys(outputs).filter(
  (output) => output.endsWith('.js') && lookbehind.test(readFileSync(path.join(root, output), 'utf8')),
);
if (unsupported.length > 0) {
  console.error(`Regular-expression lookbehind, which Safari 15 cannot parse, is in: ${unsupported.join(', ')}`);
  process.exit(1);
}

// The service worker must keep one URL (/sw.js, served by src/server/http/installable-app.ts): the browser
// checks it for a new version. It learns what the offline page needs (that page's head, in
// src/server/views/layout.ts) from here; the version changes when those files or the page's words do.
const OFFLINE_ASSETS = ['theme.js', 'app.css', 'favicon.svg', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png'];
const offlineVersion = createHash('sha256')
  .update(JSON.stringify(manifest))
  .update(
    readdirSync(path.join(root, 'src', 'shared', 'i18n'))
      .map((f) => readFileSync(path.join(root, 'src', 'shared', 'i18n', f), 'utf8'))
      .join(''),
  )
  .digest('hex')
  .slice(0, 16);
await esbuild.build({
  entryPoints: [path.join(clientDir, 'offline', SERVICE_WORKER)],
  outfile: path.join(dist, 'service-worker', 'sw.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: BROWSER_TARGETS,
  minify: true,
  define: {
    OFFLINE_PRECACHE: JSON.stringify({
      page: '/offline',
      assets: OFFLINE_ASSETS.map((name) => `/assets/${manifest[name]}`),
      version: offlineVersion,
    }),
  },
  logLevel: 'warning',
});

await precompress(publicDir);

await esbuild.build({
  // The server and the operator's command-line tool (dist/server/cli/admin.js).
  entryPoints: [path.join(root, 'src', 'server', 'server.ts'), path.join(root, 'src', 'server', 'cli', 'admin.ts')],
  outbase: path.join(root, 'src', 'server'),
  outdir: path.join(dist, 'server'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

writeFileSync(stamp, new Date().toISOString());
console.log(`Built browser and server bundles in ${Date.now() - started} ms.`);
