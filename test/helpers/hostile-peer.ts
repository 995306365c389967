/**
 * A hostile peer for browser tests: a page of the app's origin that holds a real ticket (verify-pin + connect
 * through the real API) or dials a guest as an owner would, and then speaks the transfer protocol itself over
 * the app's own signaling — any manifest, any frames, any raw message — to a real app page on the other end.
 *
 *   Reverse (hostile guest → the owner's real waiting page):
 *     const bad = await openHostilePeer(context, server.url);
 *     await bad.joinAsGuest(`/api/p2p/receive/${token}`, pin);   // the owner's page dials in
 *     await bad.handshake('sender');
 *     await bad.offer([{ name: 'notes.html', size: 5, type: 'text/html' }]);
 *     await bad.sendFile(0, Buffer.from('hello'));
 *   Forward (hostile sharing owner → the guest's real download page):
 *     await bad.dialGuest(await guestPeerId(ownerClient, `/api/p2p/${token}`));
 *     await bad.handshake('sender'); …
 *
 * The browser it runs in must come from `launchBrowser({ harness: true })` (a routed page counts as public to
 * Chromium's local-network checks).
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { forwardWarnings, launchBrowser } from './browser.ts';
import { bundleForBrowser, openHarness } from './harness.ts';
import type { InboxEntry } from './hostile-peer-page.ts';
import { Client } from './http.ts';
import { DESKTOP, logInTo } from './p2p-flow.ts';
import { startTestServer, type TestServer } from './server.ts';

export type { InboxEntry } from './hostile-peer-page.ts';

const PAGE_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hostile-peer-page.ts');
let script: Promise<string> | null = null;

/** A file as the hostile peer announces it; `name`, `size` and `type` are sent exactly as given. */
export interface HostileFile {
  name: string;
  size: number;
  type?: string;
  lastModified?: number;
}

type Control = Record<string, unknown> & { t: string };

export class HostilePeer {
  constructor(readonly page: Page) {}

  /** Reverse direction: the guest's PIN step and `connect`, then wait until the owner's page has dialed in. */
  async joinAsGuest(sessionUrl: string, pin: string, timeoutMs = 30_000): Promise<string> {
    const ticket = await this.page.evaluate(([u, p]) => window.hostilePeer.verifyPin(u, p), [sessionUrl, pin] as const);
    await this.page.evaluate(([u, t]) => window.hostilePeer.announce(u, t), [sessionUrl, ticket] as const);
    await this.page.waitForFunction(() => window.hostilePeer.connected, undefined, { timeout: timeoutMs });
    return ticket;
  }

  /** Forward direction: dial the guest's registered peer id, as the sharing owner's page would. */
  async dialGuest(remoteId: string): Promise<void> {
    await this.page.evaluate((id) => window.hostilePeer.dial(id), remoteId);
  }

  /**
   * The hello exchange as `role`. The side that dialed speaks first: after `joinAsGuest` the owner dialed,
   * so this answers its hello; after `dialGuest` this speaks first.
   */
  async handshake(role: 'sender' | 'receiver', versions: number[] = [1]): Promise<Control> {
    const hello = { t: 'hello', protocol: 'phuppi-transfer', versions, role, maxMessageSize: 64 * 1024 };
    const dialed = await this.page.evaluate(() => window.hostilePeer.dialedByMe);
    if (dialed) this.sendControl(hello);
    const theirs = await this.waitFor('hello');
    if (!dialed) this.sendControl(hello);
    return theirs;
  }

  /** Send a manifest (sent as given: names, sizes and types are not cleaned) and wait for the `have` answer. */
  async offer(
    files: readonly HostileFile[],
    transferId = `hostile${randomBytes(6).toString('hex')}`,
  ): Promise<Control> {
    const from = await this.inboxLength();
    this.sendControl({
      t: 'manifest',
      version: 1,
      transferId,
      files: files.map((f, index) => ({
        index,
        name: f.name,
        size: f.size,
        type: f.type ?? '',
        lastModified: f.lastModified ?? Date.now(),
      })),
    });
    return this.waitFor('have', { from });
  }

  /** `data` as DATA frames from 0, then its digest (its real SHA-256 unless told otherwise). */
  async sendFile(index: number, data: Buffer, opts: { sha256?: string; size?: number } = {}): Promise<void> {
    if (data.length > 0)
      await this.page.evaluate(([i, b]) => window.hostilePeer.sendFrames(i, 0, b), [
        index,
        data.toString('base64'),
      ] as const);
    this.sendControl({ t: 'digest', index, size: opts.size ?? data.length, sha256: opts.sha256 ?? sha256Hex(data) });
  }

  sendControl(msg: unknown): Promise<void> {
    return this.page.evaluate((m) => window.hostilePeer.sendControl(m), msg as Record<string, unknown>);
  }

  sendText(text: string): Promise<void> {
    return this.page.evaluate((t) => window.hostilePeer.sendText(t), text);
  }

  /** One DATA frame with exactly these bytes. */
  sendFrame(index: number, offset: number, data: Buffer): Promise<void> {
    return this.page.evaluate(([i, o, b]) => window.hostilePeer.sendFrame(i, o, b), [
      index,
      offset,
      data.toString('base64'),
    ] as const);
  }

  /** `length` filler bytes as DATA frames from `offset` (paced; stops when the channel closes). Answers bytes sent. */
  sendFill(index: number, offset: number, length: number): Promise<number> {
    return this.page.evaluate(([i, o, n]) => window.hostilePeer.sendFill(i, o, n), [index, offset, length] as const);
  }

  /** `texts` (raw control messages) round and round as fast as the channel allows, until the other side closes
   * the connection or `maxMs` pass; answers how many were sent. */
  flood(texts: readonly string[], maxMs: number): Promise<number> {
    return this.page.evaluate(([t, ms]) => window.hostilePeer.flood(t, ms), [[...texts], maxMs] as const);
  }

  inbox(): Promise<InboxEntry[]> {
    return this.page.evaluate(() => window.hostilePeer.inbox);
  }

  inboxLength(): Promise<number> {
    return this.page.evaluate(() => window.hostilePeer.inbox.length);
  }

  /** Whether the other side closed the connection. */
  isClosed(): Promise<boolean> {
    return this.page.evaluate(() => window.hostilePeer.closed);
  }

  /** The first control message of type `t` (at inbox position `from` or later) that `where` accepts. */
  async waitFor(
    t: string,
    o: { from?: number; where?: (m: Control) => boolean; timeoutMs?: number } = {},
  ): Promise<Control> {
    const end = Date.now() + (o.timeoutMs ?? 30_000);
    for (;;) {
      const inbox = await this.inbox();
      for (const e of inbox.slice(o.from ?? 0)) {
        if (e.kind === 'control' && e.msg.t === t && (!o.where || o.where(e.msg as Control))) return e.msg as Control;
      }
      if (Date.now() > end)
        throw new Error(`hostile peer: no '${t}' within the time; inbox ${JSON.stringify(inbox).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await this.page.evaluate(() => window.hostilePeer.close()).catch(() => {});
  }
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Opens the hostile peer's page in `context`, on the app's origin at `baseUrl`; it registers with signaling as a guest (`joinAsGuest`) or as an owner (`dialGuest`). */
export async function openHostilePeer(context: BrowserContext, baseUrl: string): Promise<HostilePeer> {
  script ??= bundleForBrowser(PAGE_ENTRY);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[hostile peer page error]', e.message));
  forwardWarnings(page, 'hostile peer');
  await openHarness(page, baseUrl, await script, 'hostile-peer');
  return new HostilePeer(page);
}

/** The owner's view of a session (through `owner`, a logged-in Client): the peer id of its latest guest that registered one. */
export async function guestPeerId(owner: Client, sessionUrl: string, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await owner.request<{ guests: { peerId: string | null }[] }>('GET', `${sessionUrl}/state`);
    const id =
      r.status === 200
        ? r.body.guests
            .map((g) => g.peerId)
            .filter((p): p is string => p !== null)
            .at(-1)
        : undefined;
    if (id) return id;
    if (Date.now() > end) throw new Error(`no guest registered a peer id at ${sessionUrl} (last answer ${r.status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface HostileFlow {
  readonly server: TestServer;
  readonly browser: Browser;
  /** The app's admin, logged in over HTTP (creates sessions and shares, reads the owner's view). */
  readonly owner: Client;
  /** A fresh browser context (downloads accepted), closed after the suite. */
  context(): Promise<BrowserContext>;
  /** A new receive session: its API base, token, PIN and the guest's page on this server. */
  receiveSession(): Promise<{ url: string; token: string; pin: string; guestUrl: string }>;
  /** A real page of the owner at `pathname`, logged in, in a context of its own. */
  ownerPage(pathname: string): Promise<Page>;
  /** The owner's real waiting page of `token`. */
  waitingPage(token: string): Promise<Page>;
  /** A new hostile peer, in a context of its own. */
  hostilePeer(): Promise<HostilePeer>;
  /** Whether the server took `ticket` back (`ticket-status` answers 403 TICKET_REVOKED); false while it holds. */
  ticketRevoked(sessionUrl: string, ticket: string): Promise<boolean>;
}

/** The app, one Chromium fit for the hostile page, and a logged-in owner client, for a suite (call inside `describe`). */
export function useHostileFlow(): HostileFlow {
  let server: TestServer;
  let browser: Browser;
  let owner: Client;
  const contexts: BrowserContext[] = [];
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser({ harness: true });
    owner = await new Client(server.url).login();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });
  const flow: HostileFlow = {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    get owner() {
      return owner;
    },
    async context() {
      const c = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
      contexts.push(c);
      return c;
    },
    async receiveSession() {
      const r = await owner.send('POST', '/api/p2p/receive/create', {});
      if (r.status !== 201) throw new Error(`create answered ${r.status}`);
      return {
        url: `/api/p2p/receive/${r.body.token}`,
        token: r.body.token as string,
        pin: r.body.pin as string,
        guestUrl: `${server.url}/p2p/receive/${r.body.shortcode}`,
      };
    },
    async ownerPage(pathname) {
      const page = await (await flow.context()).newPage();
      page.on('dialog', (d) => void d.accept());
      page.on('pageerror', (e) => console.error('[owner page error]', e));
      forwardWarnings(page, 'owner');
      await logInTo(page, server.url, pathname);
      return page;
    },
    waitingPage(token) {
      return flow.ownerPage(`/p2p/receive/${token}/waiting`);
    },
    async hostilePeer() {
      return openHostilePeer(await flow.context(), server.url);
    },
    async ticketRevoked(sessionUrl, ticket) {
      const r = await new Client(server.url).request('POST', `${sessionUrl}/ticket-status`, { ticket });
      if (r.status === 200) return false;
      if (r.status === 403 && r.body.code === 'TICKET_REVOKED') return true;
      throw new Error(`ticket-status answered ${r.status} ${JSON.stringify(r.body)}`);
    },
  };
  return flow;
}

declare global {
  interface Window {
    hostilePeer: typeof import('./hostile-peer-page.ts').hostilePeer;
  }
}
