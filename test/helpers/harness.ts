import * as esbuild from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { Client } from './http.ts';

/** Bundles a browser test entry (TypeScript) into one ES module string. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    target: 'chrome100',
  });
  return result.outputFiles[0]!.text;
}

const owners = new Map<string, Promise<Client>>();

/**
 * Answers the harness's credential requests (test/e2e/fixtures/harness-credentials.ts) from the real owner endpoint,
 * and gives the page a login cookie of that owner, which the signaling socket of an owner's credential needs.
 */
export async function serveSignalingCredentials(target: Page | BrowserContext, baseUrl: string): Promise<void> {
  const context = 'context' in target ? target.context() : target;
  await target.route(`${baseUrl}/__test/signaling-credential`, async (route) => {
    try {
      let owner = owners.get(baseUrl);
      if (!owner) {
        owner = new Client(baseUrl).login();
        owners.set(baseUrl, owner);
      }
      const client = await owner;
      // A context where an owner page logged in keeps its own login (the same administrator).
      const [name = '', value = ''] = client.cookie.split(/=(.*)/);
      if (!(await context.cookies(baseUrl)).some((cookie) => cookie.name === name))
        await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: 'Strict' }]);
      const answer = await client.send(
        'POST',
        '/api/signaling/credential',
        JSON.parse(route.request().postData() || '{}'),
      );
      await route.fulfill({
        status: answer.status,
        contentType: 'application/json',
        body: JSON.stringify(answer.body),
      });
    } catch {
      owners.delete(baseUrl);
      await route.abort('connectionrefused'); // the server is down (a restart test): as a real fetch would fail
    }
  });
}

/**
 * Opens a test harness page on the app's own origin (so /peerjs and the credential are same-origin) without
 * adding test code to the app: Playwright answers the harness URLs itself. The script signals that it has
 * finished its top-level work by setting `window.__harnessReady = true`.
 */
export async function openHarness(page: Page, baseUrl: string, script: string, name = 'harness'): Promise<void> {
  const htmlUrl = `${baseUrl}/__test/${name}.html`;
  const jsUrl = `${baseUrl}/__test/${name}.js`;
  await page.route(htmlUrl, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="${jsUrl}"></script>`,
    }),
  );
  await page.route(jsUrl, (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
  await serveSignalingCredentials(page, baseUrl);
  await page.goto(htmlUrl);
  await page.waitForFunction(() => (window as unknown as { __harnessReady?: boolean }).__harnessReady === true);
}
