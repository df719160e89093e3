import { createInterface } from 'node:readline/promises';
import { boot } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/core/logger.ts';
import { recordConfigChange } from '../src/db/config-changes.repo.ts';
import { listUsers, ROLES, removeUser, saveUser } from '../src/db/console-users.repo.ts';
import { startRuntime } from '../src/runtime.ts';
import { hashPassword, passwordProblem, usernameProblem } from '../src/web/access/passwords.ts';

/**
 * `npm run console:user -- add alice viewer` (password asked for, or CONSOLE_USER_PASSWORD),
 * `… remove alice`, `… list`: the console's users from a shell (e.g. `heroku run`), for the first
 * admin or when nobody can sign in. Exit codes: 0 done, 1 refused, 2 usage.
 */

const USAGE = 'usage: npm run console:user -- add <name> <viewer|admin> | remove <name> | list';
const [command, name, role] = process.argv.slice(2);
const fail = (message: string, code: number): never => {
  process.stderr.write(`console:user: ${message}\n`);
  process.exit(code);
};

async function askPassword(): Promise<string> {
  if (process.env.CONSOLE_USER_PASSWORD !== undefined) return process.env.CONSOLE_USER_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question('Password (12 characters or more): ');
  } finally {
    rl.close();
  }
}

if (command !== 'list' && command !== 'add' && command !== 'remove') fail(USAGE, 2);
if (command !== 'list' && (name === undefined || usernameProblem(name) !== undefined))
  fail(usernameProblem(name ?? '') ?? USAGE, 2);
const chosen = ROLES.find((r) => r === role);
if (command === 'add' && chosen === undefined) fail(`choose a role: viewer or admin\n${USAGE}`, 2);

boot(async () => {
  const config = loadConfig('web');
  const logger = createLogger({ level: 'warn' }).child({ process: 'console-user' });
  const runtime = await startRuntime(config, { role: 'console-user', migrate: true, supervise: false, logger });
  try {
    if (command === 'list') {
      for (const u of await listUsers(runtime.pool)) process.stdout.write(`${u.username}\t${u.role}\n`);
    } else if (command === 'remove') {
      const removed = await removeUser(runtime.pool, name!);
      if (removed)
        await recordConfigChange(runtime.pool, {
          actor: 'console:user',
          scope: 'users',
          key: name!,
          before: 'user',
          after: null,
        });
      process.stdout.write(removed ? `${name} can no longer sign in\n` : `there is no user ${name}\n`);
    } else {
      const password = await askPassword();
      const problem = passwordProblem(password);
      if (problem !== undefined) fail(problem, 1);
      const existed = await saveUser(runtime.pool, {
        username: name!,
        role: chosen!,
        passwordHash: await hashPassword(password),
        createdBy: 'console:user',
      });
      await recordConfigChange(runtime.pool, {
        actor: 'console:user',
        scope: 'users',
        key: name!,
        before: existed ? 'changed' : null,
        after: chosen,
      });
      process.stdout.write(`${name} ${existed ? 'updated' : 'added'} as ${chosen}\n`);
    }
  } finally {
    await runtime.stop();
  }
});
