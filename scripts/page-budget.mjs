// The JavaScript budget of the pages a guest opens on a phone: each page's gzipped size with every chunk it
// imports (statically or on demand), followed through esbuild's metafile. Used by build.mjs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The output files `output` loads, itself included: its imports, followed through the metafile's outputs. */
export function withImports(outputs, output) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (!imported.external) visit(imported.path);
  };
  visit(output);
  return [...seen];
}

/**
 * Each page's size: `pages` maps a page's name to the output files its script tags load (metafile keys, relative
 * to `root`). Answers, per page, the gzipped bytes of them and their chunks, how many chunks, and whether it is
 * over `budgetBytes`.
 */
export function pageSizes({ outputs, root, pages, budgetBytes }) {
  return Object.entries(pages).map(([page, scripts]) => {
    const files = [...new Set(scripts.flatMap((script) => withImports(outputs, script)))];
    const bytes = files.reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length,
      0,
    );
    return { page, bytes, chunks: files.length - scripts.length, over: bytes > budgetBytes };
  });
}
