import { fileURLToPath } from 'node:url';

// This file sits at src/server/paths.ts, and the bundle at dist/server/server.js: both are two levels deep.
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public/', import.meta.url));
