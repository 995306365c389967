import { createServer } from 'node:http';
import Provider from 'oidc-provider';

/** What the provider says about one of its accounts (the account id, typed at its login form, is the subject). */
export interface ProviderAccount {
  preferred_username?: string;
  email?: string;
  groups?: string[];
}

/** A client registered at the provider: one Phuppi server under test. */
export interface ProviderClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TestProvider {
  issuer: string;
  /** The provider's accounts, by account id (= subject); change them between sign-ins. */
  accounts: Map<string, ProviderAccount>;
  /** How long an authorization code stays valid, in seconds (the standard's default is 60). */
  codeTtlSeconds: number;
  /**
   * While true, the provider sends the browser to {@link HELD_PATH} instead of back to the client, with the
   * callback URL it would have used in `to`: a test can then change it, delay it or replay it. (Playwright
   * cannot intercept a request that a redirect started.)
   */
  holdCallbacks: boolean;
  close(): Promise<void>;
}

export const HELD_PATH = '/__held-callback';

/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1:`port`, with an in-memory account store, PKCE
 * required of every client, and its own development login and consent pages ("Sign-in", "Continue", "[ Cancel ]").
 */
export async function startTestProvider(port: number, clients: ProviderClient[]): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, ProviderAccount>();
  const handle: TestProvider = {
    issuer,
    accounts,
    codeTtlSeconds: 60,
    holdCallbacks: false,
    close: async () => undefined,
  };
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [client.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    claims: {
      openid: ['sub'],
      profile: ['preferred_username'],
      email: ['email'],
      groups: ['groups'],
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['phuppi-test-provider-cookie-key'] },
    ttl: {
      AuthorizationCode: () => handle.codeTtlSeconds,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
  });
  const answer = provider.callback();
  const redirectUris = clients.map((client) => client.redirectUri);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    if (url.pathname === HELD_PATH) {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(url.searchParams.get('to'));
      return;
    }
    const setHeader = response.setHeader.bind(response);
    response.setHeader = (name, value) => {
      const toClient = typeof value === 'string' && redirectUris.some((uri) => value.startsWith(`${uri}?`));
      if (handle.holdCallbacks && name.toLowerCase() === 'location' && toClient)
        return setHeader(name, `${issuer}${HELD_PATH}?to=${encodeURIComponent(value)}`);
      return setHeader(name, value);
    };
    answer(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  handle.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return handle;
}
