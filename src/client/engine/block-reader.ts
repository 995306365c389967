/**
 * How much of a file the engine reads (and hashes) in one go, wherever it reads one: sending, hashing a
 * Blob, re-hashing a stored prefix, copying a share into OPFS. Each `Blob.arrayBuffer()` of a picked file is
 * a round trip to the browser process; a block of many frames (`DEFAULT_CHUNK_SIZE`) saves most of them
 * (measured with `npm run bench:transfer`), and memory stays at a block or two. Not a wire value: the other
 * peer never sees it.
 */
export const READ_BLOCK_BYTES = 4 * 1024 * 1024;
