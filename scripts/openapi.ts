// `npm run docs:api`: writes docs/openapi.json from the route schemas and the error-code table of docs/api.md
// from src/shared/api/error-codes.ts (test/api/openapi.test.ts checks that both are current).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument, withErrorCodesTable } from '../src/server/openapi-document.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const openapi = 'docs/openapi.json';
const prose = new URL('../docs/api.md', import.meta.url);

const document = await generateOpenApiDocument();
writeFileSync(new URL(`../${openapi}`, import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
// Formatted as Biome formats JSON, so `biome check` passes on the written file.
const format = spawnSync('npx', ['biome', 'format', '--write', openapi], { cwd: root, stdio: 'inherit' });
writeFileSync(prose, withErrorCodesTable(readFileSync(prose, 'utf8')));
console.log(`Wrote ${openapi} and the error codes of docs/api.md.`);
// The `peer` signaling package keeps timers it offers no way to stop.
process.exit(format.status ?? 1);
