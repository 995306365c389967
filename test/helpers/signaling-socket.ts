/** PeerJS-protocol signaling sockets at the socket level, as a page (or an attacker) opens them. */
import assert from 'node:assert/strict';
import WebSocket from 'ws';

export interface Credential {
  peerId: string;
  token: string;
  expiresAt: number;
  iceServers: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  iceTransportPolicy: 'all' | 'relay';
  /** Not in the answer: the login cookie an owner's credential was asked for under, sent with its socket. */
  cookie?: string;
}

export type Opened = { ws: WebSocket; first: Promise<any>; messages: any[] } | { refused: number; body: any };

/** An app instance to open sockets on (a TestServer is one). */
export interface Instance {
  url: string;
}

/** Opens /peerjs/peerjs of `server` with whatever query and headers. */
export function openSocket(
  server: Instance,
  query: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Opened> {
  const url = new URL(`${server.url.replace(/^http/, 'ws')}/peerjs/peerjs`);
  for (const [k, v] of Object.entries({ key: 'peerjs', ...query })) url.searchParams.set(k, v);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('close', (code) => closeCodes.set(ws, code));
    const messages: any[] = [];
    const first = new Promise<any>((res) => ws.once('message', (data) => res(JSON.parse(String(data)))));
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, first, messages }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body: body ? JSON.parse(body) : null }));
    });
    ws.once('error', (e) => (ws.readyState === WebSocket.CONNECTING ? undefined : reject(e)));
  });
}

/** Opens a socket with `credential` and waits for the server's OPEN. */
export async function registered(server: Instance, credential: Credential, headers: Record<string, string> = {}) {
  const login: Record<string, string> = credential.cookie ? { cookie: credential.cookie } : {};
  const opened = await openSocket(server, { id: credential.peerId, token: credential.token }, { ...login, ...headers });
  assert.ok('ws' in opened, `socket refused: ${JSON.stringify(opened)}`);
  assert.deepEqual(await opened.first, { type: 'OPEN' });
  return opened;
}

/** How each socket opened here closed: a socket can close before a test starts waiting for it. */
const closeCodes = new WeakMap<WebSocket, number>();

/** The close code of `ws` once it closes (-1 when it closed before anyone noted how). */
export const closed = (ws: WebSocket) =>
  new Promise<number>((resolve) => {
    const code = closeCodes.get(ws);
    if (code !== undefined) resolve(code);
    else if (ws.readyState === WebSocket.CLOSED) resolve(-1);
    else ws.once('close', (c) => resolve(c));
  });

/** How `ws` closes — its code and reason — or null when it is still open after `ms`. */
export function closing(ws: WebSocket, ms = 5000): Promise<{ code: number; reason: string } | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: String(reason) });
    });
  });
}

/** A logged-in owner's page, as far as signaling goes: its credential, and its socket opened with the login cookie. */
export async function ownerSocket(
  server: Instance,
  owner: { cookie: string; ip: string; send(method: string, path: string, body?: unknown): Promise<{ body: any }> },
): Promise<WebSocket> {
  const credential = (await owner.send('POST', '/api/signaling/credential', {})).body as Credential;
  const { ws } = await registered(server, credential, { cookie: owner.cookie, 'x-forwarded-for': owner.ip });
  return ws;
}
