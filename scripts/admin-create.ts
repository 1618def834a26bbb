import { parseArgs } from 'node:util';
import { createOrPromoteAdmin, type AdminOutcome } from '../lib/auth/create-admin';
import { RequestError } from '../lib/errors';
import { closeRedis } from '../lib/redis/client';
import { loadEnv, runMain, UsageError } from '../tooling/cli';

/*
 * `npm run admin:create -- --email E --name N`: creates an admin account, or promotes the existing account
 * of that address (lib/auth/create-admin.ts says what happens to its password and sessions). The password
 * comes from ADMIN_PASSWORD or, on a terminal, is asked for twice without echo; with neither the command
 * refuses: there is no default. Runs with `--conditions=react-server` (package.json), so the data layer's
 * `server-only` modules load as they do in the server.
 */

const USAGE = 'usage: [ADMIN_PASSWORD=…] npm run admin:create -- --email E --name N';

function parseCommandLine(): { email: string; name: string } {
  let values;
  try {
    ({ values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  if (values.email === undefined || values.name === undefined) {
    throw new UsageError('both --email and --name are required', USAGE);
  }
  return { email: values.email, name: values.name };
}

class NoPasswordSource extends Error {}

/** The password of a new account, typed twice on the terminal; refused where there is no terminal. */
async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new NoPasswordSource(
      'no password: set ADMIN_PASSWORD, or run this on a terminal to be asked for one (there is no default).',
    );
  }
  const first = await readHidden('Password for the new admin: ');
  const second = await readHidden('The same again: ');
  if (first !== second) throw new NoPasswordSource('the two passwords differ; nothing was created.');
  return first;
}

/** One line from the terminal, not echoed. Ctrl-C or Ctrl-D gives up. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the prompt shows: a password typed the moment it appears is never echoed.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(typed.join(''));
          return;
        }
        if (character === '\u0003' || character === '\u0004') {
          finish();
          reject(new NoPasswordSource('interrupted; nothing was created.'));
          return;
        }
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else typed.push(character);
      }
    };
    stdin.on('data', onData);
  });
}

function summary(outcome: AdminOutcome): string[] {
  const { email, id } = outcome.user;
  if (outcome.kind === 'created') return [`Created the admin ${email} (user ${id}).`];
  const lines = [
    outcome.kind === 'promoted'
      ? `Promoted ${email} (user ${id}) to admin; its name is unchanged.`
      : `${email} (user ${id}) is already an admin.`,
    outcome.passwordReplaced
      ? 'Its password is now ADMIN_PASSWORD; every session it had has ended.'
      : 'Its password is unchanged (set ADMIN_PASSWORD to replace it).',
  ];
  if (outcome.disabled) lines.push('Warning: this account is disabled, so it cannot log in.');
  return lines;
}

runMain(async () => {
  const input = parseCommandLine();
  loadEnv();
  const given = process.env.ADMIN_PASSWORD || undefined;
  try {
    const outcome = await createOrPromoteAdmin(input, { given, ask: askPassword });
    for (const line of summary(outcome)) console.log(line);
  } catch (error) {
    // A refusal is one line and exit status 1, as a configuration error is (tooling/cli.ts).
    if (error instanceof RequestError || error instanceof NoPasswordSource) {
      console.error(`admin:create: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await closeRedis();
  }
});
