// `ratify users list | create | disable | enable | reset-password`: accounts, directly on the
// stores (direct only).
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import { auditInstance } from '../auth/audit.js';
import { disableAccount, enableAccount } from '../auth/disable.js';
import { hashPassword, passwordProblem } from '../auth/password.js';
import { colorFor } from '../auth/service.js';
import type { Config } from '../config.js';
import { newId } from '../ids.js';
import { EmailTakenError, type User } from '../storage/accounts.js';
import type { Backend } from '../storage/backend.js';
import { withBackend } from './context.js';
import { CliError } from './errors.js';
import { isoTime, printTable } from './output.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** 24 URL-safe characters (144 random bits): passes every password rule. */
const generatedPassword = () => randomBytes(18).toString('base64url');

function email(value: string): string {
  const parsed = z.email().max(254).safeParse(value.trim().toLowerCase());
  if (!parsed.success) throw new CliError(`${JSON.stringify(value)} is not an email address`);
  return parsed.data;
}

async function userByEmail(backend: Backend, address: string): Promise<User> {
  const found = await backend.accounts.getUserByEmail(email(address));
  if (found === null) throw new CliError(`there is no account ${address}`);
  const { passwordHash: _hash, ...user } = found;
  return user;
}

const audit = (backend: Backend, userId: string, action: string, detail: Record<string, unknown>) =>
  auditInstance(backend.accounts, userId, action, { ...detail, via: 'cli' });

interface CreateOptions {
  email: string;
  name: string;
  password?: string;
  admin?: boolean;
}

async function createUser(backend: Backend, options: CreateOptions): Promise<void> {
  const address = email(options.email);
  const name = options.name.trim();
  if (name === '' || name.length > 80) throw new CliError('--name must be 1 to 80 characters');
  const password = options.password ?? generatedPassword();
  const problem = passwordProblem(password, { email: address, name });
  if (problem !== null) throw new CliError(`--password: ${problem}`);
  const id = newId();
  let user: User;
  try {
    user = await backend.accounts.createUser(
      { id, email: address, name, color: colorFor(id), passwordHash: await hashPassword(password) },
      Date.now(),
    );
  } catch (error) {
    if (error instanceof EmailTakenError)
      throw new CliError(`an account ${address} exists already`);
    throw error;
  }
  if (options.admin === true && !user.isAdmin) {
    user = (await backend.accounts.updateUser(user.id, { isAdmin: true })) ?? user;
  }
  await audit(backend, user.id, 'signup', { email: user.email, admin: user.isAdmin });
  say(`created ${user.email} (${user.id})${user.isAdmin ? ', administrator' : ''}`);
  // A generated password is shown this once; it is stored only as its hash.
  if (options.password === undefined) say(`password: ${password}`);
}

async function resetPassword(backend: Backend, address: string): Promise<void> {
  const user = await userByEmail(backend, address);
  const password = generatedPassword();
  await backend.accounts.updateUser(user.id, { passwordHash: await hashPassword(password) });
  const ended = await backend.accounts.deleteUserTokens(user.id, { kind: 'session' });
  await audit(backend, user.id, 'password_reset', { endedSessions: ended.length });
  say(`new password for ${user.email}: ${password}`);
  say(`ended ${ended.length} session${ended.length === 1 ? '' : 's'}`);
}

async function disableUser(backend: Backend, address: string): Promise<void> {
  const user = await userByEmail(backend, address);
  const result = await disableAccount(backend.accounts, user, Date.now());
  if (result.kind === 'refused') throw new CliError(`${user.email}: ${result.problem}`);
  if (result.already) {
    say(`${user.email} is disabled already`);
    return;
  }
  await audit(backend, user.id, 'account_disabled', {
    email: user.email,
    endedSessions: result.endedSessions.length,
  });
  say(`disabled ${user.email}`);
  say(
    `ended ${result.endedSessions.length} session${result.endedSessions.length === 1 ? '' : 's'}`,
  );
}

async function enableUser(backend: Backend, address: string): Promise<void> {
  const user = await userByEmail(backend, address);
  if (user.disabledAt === null) {
    say(`${user.email} is not disabled`);
    return;
  }
  await enableAccount(backend.accounts, user);
  await audit(backend, user.id, 'account_enabled', { email: user.email });
  say(`enabled ${user.email}`);
}

export function registerUserCommands(cli: Command, config: () => Config): void {
  const users = cli
    .command('users')
    .description('list, create, disable, enable and reset accounts (direct only)')
    .addHelpText(
      'after',
      '\nDirect only: works on the data folder or DATABASE_URL itself (beside a running server, too;\nits open connections of a disabled account or an ended session close within CREDENTIAL_CHECK_MS).',
    );

  users
    .command('list')
    .description('every account: id, email, name, admin, created, disabled')
    .action(async () => {
      const all = await withBackend(config(), (backend) => backend.accounts.listUsers());
      printTable(
        ['ID', 'EMAIL', 'NAME', 'ADMIN', 'CREATED', 'DISABLED'],
        all.map((u) => [
          u.id,
          u.email,
          u.name,
          u.isAdmin ? 'admin' : '-',
          isoTime(u.createdAt),
          u.disabledAt === null ? '-' : isoTime(u.disabledAt),
        ]),
      );
    });

  users
    .command('create')
    .description('create a password account (the first account of an install is the administrator)')
    .requiredOption('--email <email>', 'the sign-in email')
    .requiredOption('--name <name>', 'the name others see')
    .option('--password <password>', 'its password (default: a generated one, printed once)')
    .option('--admin', 'make it an administrator')
    .action(async (options: CreateOptions) => {
      await withBackend(config(), (backend) => createUser(backend, options));
    });

  users
    .command('reset-password')
    .description('give an account a new generated password (printed once) and end its sessions')
    .argument('<email>', 'the account')
    .action(async (address: string) => {
      await withBackend(config(), (backend) => resetPassword(backend, address));
    });

  users
    .command('disable')
    .description(
      'disable an account: it cannot sign in, its sessions end and its API tokens stop working',
    )
    .argument('<email>', 'the account')
    .action(async (address: string) => {
      await withBackend(config(), (backend) => disableUser(backend, address));
    });

  users
    .command('enable')
    .description('enable a disabled account again (its API tokens work again; it signs in anew)')
    .argument('<email>', 'the account')
    .action(async (address: string) => {
      await withBackend(config(), (backend) => enableUser(backend, address));
    });
}
