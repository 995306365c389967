import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PUBLIC_DIR } from '../paths.ts';

export type AssetManifest = Record<string, string>;

let cached: AssetManifest | null = null;

/** Maps an entry name ("login.js") to its content-hashed URL, from the manifest the build writes. */
export function assetManifest(): AssetManifest {
  if (cached) return cached;
  try {
    cached = JSON.parse(readFileSync(path.join(PUBLIC_DIR, 'manifest.json'), 'utf8')) as AssetManifest;
  } catch {
    throw new Error('dist/public/manifest.json is missing: run `npm run build` (npm start does it for you).');
  }
  return cached;
}

export function assetUrl(name: string): string {
  const file = assetManifest()[name];
  if (!file)
    throw new Error(`No built asset named ${name}: is src/client/pages/${name.replace(/\.js$/, '.ts')} there?`);
  return `/assets/${file}`;
}
