import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.ts';

/** Where versions before the shared key kept it; imported once so open pages keep their peer ids. */
export const SECRET_FILE = 'signaling.key';
const SECRET_NAME = 'signaling';
const KEY_HEX = /^[0-9a-f]{64}$/;

function keyFromDataDir(dataDir: string): string | null {
  const file = path.join(dataDir, SECRET_FILE);
  if (!existsSync(file)) return null;
  const hex = readFileSync(file, 'utf8').trim();
  if (KEY_HEX.test(hex)) return hex;
  throw new Error(`${file} is damaged: delete it to generate a new signaling key`);
}

async function storedKey(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', SECRET_NAME).executeTakeFirst();
  return row?.value;
}

/**
 * The HMAC key behind peer ids and signaling tokens, kept in the database so every instance signs and checks
 * with the same one (a token from instance A must open a socket on instance B) and a page can renew the
 * credential of the id it has after a restart. The first instance to start writes it (insert-if-absent, so
 * instances starting together agree on one); a key file left in the data dir by an earlier version is the one
 * written, so existing pages keep their ids.
 */
export async function loadSignalingSecret(db: Db, dataDir: string): Promise<Buffer> {
  let hex = await storedKey(db);
  if (hex === undefined) {
    const candidate = keyFromDataDir(dataDir) ?? randomBytes(32).toString('hex');
    await db
      .insertInto('app_secrets')
      .values({ name: SECRET_NAME, value: candidate })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .execute();
    hex = await storedKey(db);
  }
  if (hex === undefined || !KEY_HEX.test(hex)) throw new Error('the signaling key in app_secrets is damaged');
  return Buffer.from(hex, 'hex');
}
