// Builds the browser bundles (content-hashed, with a manifest the server reads) and the server bundle.
// `--if-needed` skips the work when nothing under src/ changed since the last build.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

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
const entryPoints = [
  ...readdirSync(path.join(clientDir, 'pages'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(clientDir, 'pages', f)),
  ...walk(clientDir).filter((f) => f.endsWith('-worker.ts')),
  path.join(clientDir, 'styles', 'app.css'),
  path.join(clientDir, 'styles', 'favicon.svg'),
];

rmSync(publicDir, { recursive: true, force: true });
mkdirSync(publicDir, { recursive: true });
const client = await esbuild.build({
  entryPoints,
  outdir: publicDir,
  bundle: true,
  format: 'esm',
  splitting: true,
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: true,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  loader: { '.svg': 'copy', '.wasm': 'file' },
  metafile: true,
  logLevel: 'warning',
});

// manifest.json: entry name ("login.js", "app.css", "opfs-worker.js") → hashed file name.
const manifest = {};
for (const [output, meta] of Object.entries(client.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const source = path.basename(meta.entryPoint).replace(/\.ts$/, '.js');
  manifest[source] = path.relative(publicDir, path.join(root, output)).split(path.sep).join('/');
}
writeFileSync(path.join(publicDir, 'manifest.json'), JSON.stringify(manifest, null, 2));

// A guest opens its page on a phone, often on a slow network: its JavaScript, with every chunk it imports
// (statically or on demand), must stay under this budget, gzipped.
const GUEST_PAGES = ['receive-guest.js', 'share-guest.js'];
const GUEST_BUDGET_BYTES = 80 * 1024;

/** The output files `output` loads, itself included: its imports, followed through the metafile. */
function withImports(output) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of client.metafile.outputs[file]?.imports ?? []) if (!imported.external) visit(imported.path);
  };
  visit(output);
  return [...seen];
}

const gzippedBytes = (file) => gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
let overBudget = false;
for (const name of GUEST_PAGES) {
  const files = withImports(path.relative(root, path.join(publicDir, manifest[name])).split(path.sep).join('/'));
  const bytes = files.reduce((sum, file) => sum + gzippedBytes(file), 0);
  const over = bytes > GUEST_BUDGET_BYTES;
  overBudget ||= over;
  console.log(
    `${name}: ${kib(bytes)} gzipped with ${files.length - 1} imported chunks (budget ${kib(GUEST_BUDGET_BYTES)})${over ? ' — OVER BUDGET' : ''}`,
  );
}
if (overBudget) {
  console.error('A guest page is over its JavaScript budget: see the sizes above.');
  process.exit(1);
}

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
