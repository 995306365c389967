import { ADMIN } from './server.ts';

let addressCounter = 0;
function nextAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter % 250}`;
}

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small cookie-keeping HTTP client over real fetch, like a browser tab. */
export class Client {
  cookie = '';
  csrfToken = '';
  readonly headers: Record<string, string>;
  /**
   * Each client speaks from its own address (X-Forwarded-For, which the test server trusts), so per-address
   * rate limits and PIN locks are tested as they work for separate devices.
   */
  constructor(
    readonly baseUrl: string,
    readonly ip = nextAddress(),
  ) {
    this.headers = { 'x-forwarded-for': ip };
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...this.headers, ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
    const setCookie = response.headers.getSetCookie();
    for (const line of setCookie) {
      const [pair] = line.split(';');
      if (pair?.startsWith('phuppi_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML pages and empty bodies stay text.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** As `request`, with the CSRF header a logged-in page sends. */
  send<T = any>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return this.request<T>(method, path, body, { 'x-csrf-token': this.csrfToken });
  }

  async login(username = ADMIN.username, password = ADMIN.password): Promise<this> {
    const response = await this.request('POST', '/api/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.csrfToken = response.body.csrfToken;
    return this;
  }
}
