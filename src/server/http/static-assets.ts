import { mkdirSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PUBLIC_DIR } from '../paths.ts';

/**
 * The bundled browser code. File names carry a content hash, so browsers may keep them for a year. The build
 * wrote Brotli and gzip copies (scripts/precompress.mjs): a browser that accepts one gets it.
 */
export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  mkdirSync(PUBLIC_DIR, { recursive: true });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    preCompressed: true,
    // Caches between here and the browser keep one copy per encoding.
    setHeaders: (res) => res.setHeader('vary', 'accept-encoding'),
    allowedPath: (pathName) => pathName !== '/manifest.json',
  });
}
