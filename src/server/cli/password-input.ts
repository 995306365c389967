import { randomString } from '../crypto.ts';

const MIN_LENGTH = 8;
const MAX_LENGTH = 1024;
/** No look-alikes (0/O, 1/l/I): a generated password is read off a screen and typed by someone else. */
const READABLE = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export class PasswordInputError extends Error {}

/** Reads one line typed on the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (result: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      result();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(value));
        if (ch === '\u0003' || ch === '\u0004') return finish(() => reject(new PasswordInputError('Cancelled.')));
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readPiped(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.length > MAX_LENGTH + 2) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function check(password: string): string {
  if (password.length < MIN_LENGTH)
    throw new PasswordInputError(`The password needs at least ${MIN_LENGTH} characters.`);
  if (password.length > MAX_LENGTH)
    throw new PasswordInputError(`The password may have at most ${MAX_LENGTH} characters.`);
  return password;
}

/**
 * A new password for `username`: typed twice on a terminal (empty: generate one), the first line of piped
 * standard input, or — with nothing on standard input — generated. Prompts go to stderr so stdout stays the result.
 */
export async function readNewPassword(username: string): Promise<{ password: string; generated: boolean }> {
  const generate = () => ({ password: randomString(16, READABLE), generated: true });
  if (process.stdin.isTTY) {
    const first = await readHidden(
      `New password for ${username} (at least ${MIN_LENGTH} characters; empty to generate one): `,
    );
    if (first === '') return generate();
    check(first);
    if ((await readHidden('The same password again: ')) !== first)
      throw new PasswordInputError('The two passwords are not the same.');
    return { password: first, generated: false };
  }
  const piped = await readPiped();
  return piped === '' ? generate() : { password: check(piped), generated: false };
}
