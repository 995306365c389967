// The operator's tool for when nobody can log in: `npm run admin -- users | create | reset-password | disable | enable`.
// It opens the same database as the server (PHUPPI_DATA_DIR, DATABASE_URL, .env) and works while the server runs.
import { AccountUseCases, endSessionsInDb } from '../auth/account-use-cases.ts';
import { LoginSessionRepository } from '../auth/login-session-repository.ts';
import { UserRepository, type UserSummary } from '../auth/user-repository.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { migrateToLatest, openStore, type Store } from '../db/index.ts';
import { HttpError } from '../http/errors.ts';
import { PasswordInputError, readNewPassword } from './password-input.ts';

const USAGE = `Usage: npm run admin -- <command>

  users                     list every user, with role and status
  create NAME [--admin]     add a user (an administrator with --admin)
  reset-password NAME       set a new password and log the user out everywhere
  disable NAME              stop a user from logging in; ends their sessions and guest links
  enable NAME               let a disabled user log in again

The password for create and reset-password is asked for on a terminal, read from the first line
of standard input when it is piped, or else generated and printed.`;

/** A mistake of the operator's, reported in one line; exit code 2 for usage, 1 for what the database refused. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function formatUsers(users: UserSummary[]): string {
  if (users.length === 0) return 'No users yet. Add one: npm run admin -- create NAME --admin';
  const width = Math.max(8, ...users.map((u) => u.username.length));
  const lines = users.map(
    (u) =>
      `${u.username.padEnd(width)}  ${(u.isAdmin ? 'admin' : 'user').padEnd(5)}  ${(u.disabled ? 'disabled' : 'active').padEnd(8)}  ${u.createdAt}`,
  );
  return [`${'username'.padEnd(width)}  role   status    created`, ...lines].join('\n');
}

async function run(store: Store, args: string[]): Promise<string> {
  const [command, ...rest] = args;
  const flags = rest.filter((a) => a.startsWith('--'));
  const names = rest.filter((a) => !a.startsWith('--'));
  const allowedFlags = command === 'create' ? ['--admin'] : [];
  const badFlag = flags.find((f) => !allowedFlags.includes(f));
  if (badFlag) throw new CliError(`Unknown option ${badFlag}.\n\n${USAGE}`, 2);

  const users = new UserRepository(store.db);
  const loginSessions = new LoginSessionRepository(store.db);
  const accounts = new AccountUseCases({
    db: store.db,
    dialect: store.dialect,
    users,
    loginSessions,
    endSessionsOfUser: endSessionsInDb(store.db, store.dialect),
  });
  const onlyName = (): string => {
    const [name] = names;
    if (names.length !== 1 || name === undefined) throw new CliError(`${command} takes one user name.\n\n${USAGE}`, 2);
    return name;
  };
  const named = async (): Promise<UserSummary> => {
    const name = onlyName();
    const user = await users.findByUsername(name);
    if (!user) throw new CliError(`There is no user named "${name}". See: npm run admin -- users`);
    return user;
  };

  switch (command) {
    case 'users':
      if (names.length) throw new CliError(`users takes no name.\n\n${USAGE}`, 2);
      return formatUsers(await users.list());
    case 'create': {
      const name = onlyName();
      const taken = () => new CliError(`The username "${name}" is taken.`);
      if (await users.findByUsername(name)) throw taken();
      const { password, generated } = await readNewPassword(name);
      const user = await users.create(name, password, flags.includes('--admin'));
      if (!user) throw taken();
      return [
        `Created ${user.isAdmin ? 'administrator' : 'user'} "${user.username}".`,
        ...(generated ? [`Password: ${password}`] : []),
      ].join('\n');
    }
    case 'reset-password': {
      const user = await named();
      const { password, generated } = await readNewPassword(user.username);
      await accounts.resetPassword(user.id, password);
      return [
        `New password set for "${user.username}"; they are logged out everywhere.`,
        ...(generated ? [`Password: ${password}`] : []),
        ...(user.disabled ? [`The account is disabled: npm run admin -- enable ${user.username}`] : []),
      ].join('\n');
    }
    case 'disable': {
      const user = await accounts.setDisabled((await named()).id, true);
      return `Disabled "${user.username}": logged out, receive sessions and shares ended.`;
    }
    case 'enable': {
      const user = await accounts.setDisabled((await named()).id, false);
      return `Enabled "${user.username}": they can log in again.`;
    }
    case undefined:
    case 'help':
    case '--help':
      return USAGE;
    default:
      throw new CliError(`Unknown command "${command}".\n\n${USAGE}`, 2);
  }
}

async function main(): Promise<number> {
  let store: Store;
  try {
    store = openStore(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    // A fresh install can be given its first user before the server ever ran.
    await migrateToLatest(store);
    console.log(await run(store, process.argv.slice(2)));
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof HttpError || error instanceof PasswordInputError) {
      console.error(error.message);
      return error instanceof CliError ? error.exitCode : 1;
    }
    console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
