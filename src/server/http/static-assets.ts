import { mkdirSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PUBLIC_DIR } from '../paths.ts';

/** The bundled browser code. File names carry a content hash, so browsers may keep them for a year. */
export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  mkdirSync(PUBLIC_DIR, { recursive: true });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    allowedPath: (pathName) => pathName !== '/manifest.json',
  });
}
