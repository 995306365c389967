import { type RunningServer, startServer } from './bootstrap.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { lanAddresses } from './network.ts';

/** The configuration, or exit 2 with the reason when it is wrong. */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();

  // Handlers go in before anything starts, so a signal during start-up also ends the process cleanly.
  let server: RunningServer | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server?.app.log.info({ signal }, 'shutting down');
    // Closing cuts what is still open after a second; this is the last resort if something hangs anyway.
    const force = setTimeout(() => process.exit(1), 5_000).unref();
    await server?.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  server = await startServer(config);
  const { port, protocol } = server;
  const urls = [`${protocol}://localhost:${port}`, ...lanAddresses().map((ip) => `${protocol}://${ip}:${port}`)];
  const lines = [
    '',
    `Phuppi P2P is running (${server.store.describe}).`,
    ...(server.appliedMigrations.length ? [`Applied migrations: ${server.appliedMigrations.join(', ')}`] : []),
    'Open it on this computer or on any phone or laptop on the same network:',
    ...urls.map((url) => `  ${url}`),
    server.stun ? `Embedded STUN server on UDP port ${server.stun.port}.` : 'Embedded STUN server is off.',
    ...(server.setupCode
      ? ['', `No user exists yet. Open ${urls[0]}/setup and enter this setup code: ${server.setupCode}`]
      : []),
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error('Phuppi P2P could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
