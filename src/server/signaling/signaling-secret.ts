import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'signaling.key';

/**
 * The HMAC key behind peer ids and signaling tokens. Generated once into the data dir and reused, so a page
 * can renew the credential of the peer id it already has after the server restarts (a new key would orphan
 * every open page's id).
 */
export function loadSignalingSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
    throw new Error(`${file} is damaged: delete it to generate a new signaling key`);
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
