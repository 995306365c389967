/**
 * Files in one transfer (one guest). Every file costs the receiving page state and, shown, DOM rows; a
 * stranger's manifest must stay within what a page can hold next to others. A larger manifest is a protocol
 * error, the server's `complete` takes no more, and an owner's per-guest limit cannot be set above it.
 */
export const MAX_FILES = 10_000;
