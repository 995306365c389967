import { createHmac } from 'node:crypto';

export interface TurnConfig {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

/**
 * A time-limited TURN credential of the TURN REST scheme (coturn's `use-auth-secret`): the username is
 * `<unix expiry>:<id>`, the password base64(HMAC-SHA1(shared secret, username)); coturn checks both.
 */
export function turnCredential(
  secret: string,
  id: string,
  ttlSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): { username: string; credential: string } {
  const username = `${nowSeconds + ttlSeconds}:${id}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}
