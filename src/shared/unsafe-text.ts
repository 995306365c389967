/**
 * Characters that let untrusted text (a peer's file name, a session label, a user name) lie about what it is
 * when shown: controls, direction overrides that reverse "txt.exe" into "exe.txt", and invisible or blank
 * characters that hide an extension or pad a name. One list, shared by everything that shows or stores such text.
 */

// C0 + DEL + C1 controls; soft hyphen; the combining grapheme joiner; Arabic letter mark; Hangul, Khmer and
// Mongolian fillers that render blank; zero-width characters, LRM/RLM, line/paragraph separators, bidi
// embeddings/overrides/isolates, invisible operators; the blank Braille pattern; the BOM; interlinear
// annotation marks; tag characters (invisible text riding along in a name); and every other invisible
// format character (Unicode category Cf, e.g. the musical-notation ones).
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\p{Cf}]/gu;

/** Every kind of whitespace (no-break spaces, em spaces, ideographic space …) taken as one ordinary space. */
const WHITESPACE_RUN = /\s+/gu;

/** Removes the characters above. */
export function stripUnsafeChars(text: string): string {
  return text.replace(UNSAFE, '');
}

/** Text safe to show on one line: unsafe characters gone, whitespace runs one space, trimmed, NFC. */
export function cleanDisplayText(text: string): string {
  // Whitespace first, so a tab or a line break between two words stays a space instead of vanishing.
  const spaced = String(text).normalize('NFC').replace(WHITESPACE_RUN, ' ');
  return stripUnsafeChars(spaced).replace(/ {2,}/g, ' ').trim();
}
