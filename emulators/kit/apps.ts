/**
 * Extra OAuth apps for an emulator started from the command line, so a production build (which
 * refuses the demo credentials) can be pointed at it. One format everywhere:
 *
 *   <SYSTEM>_EMULATOR_APPS='id:secret[:extra] id2:secret2'     (apps separated by spaces or ";")
 *   npm run emulator:<system> -- --app id:secret[:extra] --app …
 *
 * `extra` is everything after the second colon, left to the emulator: Fortnox reads it as
 * comma-separated redirect URIs (which contain colons themselves), Salesforce as the path of the
 * PEM certificate for the JWT bearer flow.
 */
export interface AppSpec {
  clientId: string;
  clientSecret: string;
  extra?: string;
}

export function parseAppSpec(value: string): AppSpec {
  const first = value.indexOf(':');
  const second = first < 0 ? -1 : value.indexOf(':', first + 1);
  const clientId = first < 0 ? '' : value.slice(0, first);
  const clientSecret = first < 0 ? '' : value.slice(first + 1, second < 0 ? undefined : second);
  if (clientId === '' || clientSecret === '') {
    throw new Error(`an app is "client-id:client-secret[:extra]", got "${value}"`);
  }
  const extra = second < 0 ? '' : value.slice(second + 1);
  return extra === '' ? { clientId, clientSecret } : { clientId, clientSecret, extra };
}

/** Apps from the environment variable and every `--app` (or `--app=`) argument, in that order. */
export function appsFromCli(variable: string, env: NodeJS.ProcessEnv = process.env, argv = process.argv): AppSpec[] {
  const values = (env[variable] ?? '').split(/[\s;]+/).filter((v) => v !== '');
  for (const [i, arg] of argv.entries()) {
    if (arg === '--app' && argv[i + 1] !== undefined) values.push(argv[i + 1] ?? '');
    else if (arg.startsWith('--app=')) values.push(arg.slice('--app='.length));
  }
  return values.map(parseAppSpec);
}
