/**
 * The page of `npm run bench:read` (bench/file-read.ts): reads the picked file one way or the other and says how
 * many bytes it got. Bundled by the bench; never shipped.
 */
import { blocksOf, READ_BLOCK_BYTES } from '../src/client/engine/block-reader.ts';

export type ReadWay = 'slices' | 'stream';

const input = document.createElement('input');
input.type = 'file';
document.body.append(input);

async function readPicked(way: ReadWay): Promise<number> {
  const file = (input.files as FileList)[0] as File;
  let bytes = 0;
  if (way === 'slices')
    for (let at = 0; at < file.size; at += READ_BLOCK_BYTES)
      bytes += (await file.slice(at, at + READ_BLOCK_BYTES).arrayBuffer()).byteLength;
  else for await (const block of blocksOf(file)) bytes += block.byteLength;
  return bytes;
}

Object.assign(window, { readPicked, __benchReady: true });
