// `npm run docs:api`: writes docs/openapi.json from the route schemas (test/api/openapi.test.ts checks it is current).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument } from '../src/server/openapi-document.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = 'docs/openapi.json';

const document = await generateOpenApiDocument();
writeFileSync(new URL(`../${target}`, import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
// Formatted as Biome formats JSON, so `biome check` passes on the written file.
const format = spawnSync('npx', ['biome', 'format', '--write', target], { cwd: root, stdio: 'inherit' });
console.log(`Wrote ${target}.`);
// The `peer` signaling package keeps timers it offers no way to stop.
process.exit(format.status ?? 1);
