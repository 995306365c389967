/**
 * Characters that let untrusted text (a peer's file name, a session label, a user name) lie about what it is
 * when shown: controls, direction overrides that reverse "txt.exe" into "exe.txt", and invisible or blank
 * characters that hide an extension or pad a name. One list, shared by everything that shows or stores such text.
 */

/** First and last code point of each range removed, besides every invisible format character (category Cf). */
const UNSAFE_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f], // C0 controls
  [0x007f, 0x009f], // DEL and C1 controls
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160], // Hangul fillers that render blank
  [0x17b4, 0x17b5], // Khmer inherent vowels that render blank
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // zero-width characters, LRM/RLM
  [0x2028, 0x202e], // line/paragraph separators, bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates
  [0x2800, 0x2800], // blank Braille pattern
  [0x3164, 0x3164], // Hangul filler
  [0xfeff, 0xfeff], // byte order mark
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff9, 0xfffb], // interlinear annotation marks
  [0xe0000, 0xe007f], // tag characters (invisible text riding along in a name)
];

const codePoint = (value: number) => `\\u{${value.toString(16)}}`;
// Built from the table: as one regex literal the class is an unreadable line, and linters rightly take control
// and combining characters in a literal for mistakes.
const UNSAFE = new RegExp(
  `[${UNSAFE_RANGES.map(([first, last]) => `${codePoint(first)}-${codePoint(last)}`).join('')}\\p{Cf}]`,
  'gu',
);

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
