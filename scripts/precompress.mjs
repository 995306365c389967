// Compressed copies of the browser assets, made once at build time: `<file>.br` and `<file>.gz` next to each
// text asset, which src/server/http/static-assets.ts serves to a browser that accepts them (a guest page's
// JavaScript is about a quarter of its size as Brotli). Only the content-hashed public files, which hold no secret.
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const COMPRESSIBLE = /\.(js|css|svg|wasm)$/;
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

async function compress(file) {
  const data = await readFile(file);
  const br = await brotli(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  // A file that does not shrink is served as it is.
  if (br.length >= data.length) return false;
  await writeFile(`${file}.br`, br);
  await writeFile(`${file}.gz`, await gzipped(data, { level: 9 }));
  return true;
}

/** Writes `.br` and `.gz` beside every compressible file under `dir` that shrinks (on zlib's threads, at once). */
export async function precompress(dir) {
  await Promise.all(
    walk(dir)
      .filter((file) => COMPRESSIBLE.test(file))
      .map(compress),
  );
}
