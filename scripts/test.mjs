// `npm test`: lint and format check, commit subjects, type check, build, then every test file under test/ in one
// node:test run (one summary). Each step stops the run when it fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args, extraEnv = {}) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } }).status ?? 1;

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'helpers' || entry.name === 'fixtures' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

if (process.env.CI === 'true' && !process.env.PHUPPI_TEST_PG_URL) {
  console.error(
    'CI=true but PHUPPI_TEST_PG_URL is not set: the PostgreSQL half of the suite cannot run (.ci/run starts PostgreSQL).',
  );
  process.exit(1);
}
if (!process.env.PHUPPI_TEST_PG_URL) console.warn('PHUPPI_TEST_PG_URL not set: API tests run against SQLite only.');

function step(what, command, args, hint) {
  if (run(command, args) === 0) return;
  console.error(`\n${what} failed: ${hint}`);
  process.exit(1);
}

// Warnings count: a finding is fixed or its rule is turned off in biome.json, never left to pile up.
step(
  'Lint and format check',
  'npx',
  ['biome', 'ci', '--error-on-warnings', '.'],
  'see above; `npm run format` fixes most.',
);
step('Commit subject check', 'node', ['scripts/check-commit-subjects.mjs'], 'see CONTRIBUTING.md, "Commits".');
step('Type check', 'node', ['scripts/typecheck.mjs'], 'see the errors above (`npm run typecheck`).');
step('Build', 'node', ['scripts/build.mjs'], 'see the errors above (`npm run build`).');

const only = process.argv.slice(2);
const files = only.length ? only : testFiles(path.join(root, 'test')).sort();
// --test-force-exit: the `peer` signaling package keeps timers it offers no way to stop.
const nodeTestArgs = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', '--test-force-exit'];
process.exit(run('node', [...nodeTestArgs, ...files], { NODE_ENV: 'test' }));
