/**
 * The page of `npm run bench:read` (bench/file-read.ts): reads the picked file one way or the other with the
 * engine's `BlockReader` and says how many bytes it got. Bundled by the bench; never shipped.
 */
import { blocksOf, type ReadWay } from '../src/client/engine/block-reader.ts';

const input = document.createElement('input');
input.type = 'file';
document.body.append(input);

async function readPicked(way: ReadWay): Promise<number> {
  let bytes = 0;
  for await (const block of blocksOf((input.files as FileList)[0] as File, 0, way)) bytes += block.byteLength;
  return bytes;
}

Object.assign(window, { readPicked, __benchReady: true });
