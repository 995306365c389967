// `npm run typecheck`: one `tsc -p` per runtime's config (see tsconfig.json), all of them even when one fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const configs = ['tsconfig.server.json', 'tsconfig.client.json', 'tsconfig.worker.json', 'tsconfig.test.json'];
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const failed = configs.filter((config) => {
  const { status } = spawnSync(process.execPath, [tsc, '-p', config, '--pretty'], { cwd: root, stdio: 'inherit' });
  return status !== 0;
});
if (failed.length) {
  console.error(`Type check failed in: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`Type check passed (${configs.join(', ')}).`);
