/**
 * WebKit for smoke tests: Debian's WPE WebKit (apt `wpewebkit-driver` + `cog`), headless, driven through
 * WPEWebDriver with plain W3C WebDriver over HTTP. Debian builds it without WebRTC (no RTCPeerConnection),
 * so it proves what a guest on such a browser sees, never a transfer. Playwright's WebKit build and a
 * WebDriver client library are not needed for the few commands a smoke test sends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './free-port.ts';

export function wpeDriverPath(): string {
  return process.env.WPE_WEBDRIVER_PATH ?? '/usr/bin/WPEWebDriver';
}

export function cogPath(): string {
  return process.env.COG_PATH ?? '/usr/bin/cog';
}

/**
 * Whether WebKit tests can run. A missing WPEWebDriver or cog skips with a loud warning — also under CI=true,
 * unless PHUPPI_REQUIRE_WEBKIT=1 says the machine was meant to have them (then it fails loudly).
 * Use as `describe('…', { skip: webkitSkipReason() }, …)`.
 */
export function webkitSkipReason(): string | false {
  const missing = [wpeDriverPath(), cogPath()].filter((p) => !existsSync(p));
  if (missing.length === 0) return false;
  const message = `WPE WebKit not found (${missing.join(', ')}; set WPE_WEBDRIVER_PATH / COG_PATH or apt-get install -y cog wpewebkit-driver)`;
  if (process.env.CI === 'true' && process.env.PHUPPI_REQUIRE_WEBKIT === '1') throw new Error(message);
  console.warn(`\n*** SKIPPING WebKit tests: ${message} ***\n`);
  return message;
}

/** No command waits longer (a browser that never answers must fail the test, not hang it). */
const COMMAND_TIMEOUT_MS = 60_000;

/** The W3C name under which WebDriver answers an element reference. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** One WebDriver session: the few W3C commands the smoke tests need. */
export class WebDriverSession {
  constructor(readonly base: string) {}

  async command<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
    });
    const { value } = (await response.json()) as { value: T & { error?: string; message?: string } };
    if (!response.ok || value?.error) throw new Error(`WebDriver ${method} ${path}: ${value?.error} ${value?.message}`);
    return value;
  }

  /** Navigates and waits for the page's load event. */
  async navigate(url: string): Promise<void> {
    await this.command('POST', '/url', { url });
  }

  /** Runs `script` (a function body; `arguments` are `args`) in the page and answers its return value. */
  execute<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.command<T>('POST', '/execute/sync', { script, args });
  }

  async #element(css: string): Promise<string> {
    return (await this.command<Record<string, string>>('POST', '/element', { using: 'css selector', value: css }))[
      ELEMENT
    ] as string;
  }

  /** Types `text` into the element; for a file input, `text` is the path of the file to choose. */
  async type(css: string, text: string): Promise<void> {
    await this.command('POST', `/element/${await this.#element(css)}/value`, { text });
  }

  async click(css: string): Promise<void> {
    await this.command('POST', `/element/${await this.#element(css)}/click`, {});
  }

  /** Polls `script` (a function body) until it returns something truthy; answers that. */
  async waitFor<T>(what: string, script: string, timeoutMs = 15_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.execute<T>(script);
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** WPEWebDriver on a free port with one session of headless cog; `close` ends both. */
export async function launchWpe(): Promise<{ session: WebDriverSession; close(): Promise<void> }> {
  const port = await freePort();
  // A process group of its own: cog and its web processes end with the driver, even if this test process dies.
  const driver = spawn(wpeDriverPath(), [`--port=${port}`, '--host=local'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killGroup = (signal: NodeJS.Signals = 'SIGKILL') => {
    try {
      if (driver.pid) process.kill(-driver.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => killGroup();
  process.once('exit', onExit);
  // The driver's and cog's own output, kept to explain a failed start.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  driver.stdout?.on('data', keep);
  driver.stderr?.on('data', keep);
  const root = `http://127.0.0.1:${port}`;
  try {
    await waitForDriver(root, driver);
    const created = await fetch(`${root}/session`, {
      method: 'POST',
      signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: {
            'wpe:browserOptions': { binary: cogPath(), args: ['--automation', '--platform=headless'] },
          },
        },
      }),
    });
    const { value } = (await created.json()) as { value: { sessionId?: string; message?: string } };
    if (!value.sessionId) throw new Error(`no WebDriver session: ${value.message}`);
    const session = new WebDriverSession(`${root}/session/${value.sessionId}`);
    return {
      session,
      async close() {
        await session.command('DELETE', '').catch(() => {});
        await stop(driver, onExit, killGroup);
      },
    };
  } catch (error) {
    await stop(driver, onExit, killGroup);
    throw new Error(`WPEWebDriver did not start a session: ${(error as Error).message}\n${output}`);
  }
}

async function waitForDriver(root: string, driver: ChildProcess): Promise<void> {
  const end = Date.now() + 10_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WPEWebDriver exited with ${driver.exitCode}`);
    const ready = await fetch(`${root}/status`)
      .then(async (r) => ((await r.json()) as { value: { ready: boolean } }).value.ready)
      .catch(() => false);
    if (ready) return;
    if (Date.now() > end) throw new Error('WPEWebDriver did not answer /status');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ends the driver's whole process group (driver, cog, web processes). */
function stop(driver: ChildProcess, onExit: () => void, killGroup: (signal: NodeJS.Signals) => void): Promise<void> {
  process.off('exit', onExit);
  const exited =
    driver.exitCode !== null || driver.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => driver.once('exit', () => resolve()));
  killGroup('SIGTERM');
  return exited;
}
