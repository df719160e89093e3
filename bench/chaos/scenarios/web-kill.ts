import { setTimeout as delay } from 'node:timers/promises';
import { seededRandom } from '../../../emulators/kit/faults.ts';
import { loadConfig } from '../../../src/config.ts';
import { formToken } from '../../../src/web/admin-auth.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';
import { type ChaosStack, sharedChaosStack } from '../stack.ts';
import { resultOf } from '../tally.ts';

/**
 * Scenario 7 of issue #17: the web process SIGKILLed while it handles an OAuth callback and while it
 * saves settings. After each kill (and a restart) a connection is either absent or whole — state,
 * both tokens — and the settings are either all the old values or all the new ones, with an audit
 * row for each change that was saved.
 */

const NEW_TENANT = 1003;

async function oauthCallbackKill(stack: ChaosStack, killAfterMs: number): Promise<string | undefined> {
  const get = (url: string, cookie?: string) =>
    fetch(url, { redirect: 'manual', ...(cookie === undefined ? {} : { headers: { cookie } }) });
  const start = await get(`${stack.appUrl}/fortnox/connect`);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = new URL(start.headers.get('location') ?? '');
  consent.searchParams.set('emulator_tenant', String(NEW_TENANT));
  const approved = await get(consent.toString());
  const callback = get(approved.headers.get('location') ?? '', cookie).catch(() => undefined);
  await delay(killAfterMs);
  stack.web.kill('SIGKILL');
  await stack.web.exited;
  await callback;
  await stack.startWeb();
  const { rows } = await stack.pool.query<{ state: string; a: boolean; r: boolean }>(
    `SELECT state, access_token_enc IS NOT NULL AS a, refresh_token_enc IS NOT NULL AS r FROM connections WHERE tenant_id = $1`,
    [String(NEW_TENANT)],
  );
  const row = rows[0];
  if (row !== undefined && !(row.state === 'active' && row.a && row.r))
    return `connection ${NEW_TENANT} half saved after a kill ${killAfterMs} ms into its callback: ${JSON.stringify(row)}`;
  return undefined;
}

async function settingsKill(
  stack: ChaosStack,
  token: string,
  n: number,
  killAfterMs: number,
): Promise<string | undefined> {
  const read = async () => {
    const { rows } = await stack.pool.query<{ key: string; value: unknown }>(
      `SELECT key, value FROM settings WHERE scope = 'global' AND key IN ('defaultArticleNumber', 'customerMatchOrder')`,
    );
    const article = rows.find((r) => r.key === 'defaultArticleNumber')?.value;
    return JSON.stringify({ article, match: rows.find((r) => r.key === 'customerMatchOrder')?.value });
  };
  const order = n % 2 === 0 ? 'customer_number,organisation_number,email' : 'organisation_number,customer_number,email';
  const wanted = JSON.stringify({ article: `KAOS-${n}`, match: order.split(',') });
  // Each save changes both keys; after a kill the pair is the one before it or the new one, never a
  // mix (compared as pairs: a save killed before it landed leaves a match order the next one repeats).
  const before = await read();
  const body = new URLSearchParams({ token, defaultArticleNumber: `KAOS-${n}`, customerMatchOrder: order });
  const saved = fetch(`${stack.appUrl}/dashboard/settings`, { method: 'POST', redirect: 'manual', body }).catch(
    () => undefined,
  );
  await delay(killAfterMs);
  stack.web.kill('SIGKILL');
  await stack.web.exited;
  await saved;
  await stack.startWeb();
  const after = await read();
  if (after !== before && after !== wanted)
    return `settings half saved after a kill ${killAfterMs} ms into the save: ${after} (before ${before})`;
  return undefined;
}

export const scenario: Scenario = {
  name: 'web-kill',
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const stack = await sharedChaosStack(options.workDir);
    const secretsBefore = stack.secrets.found;
    const random = seededRandom(options.seed + 7);
    const rounds = options.quick ? 3 : 8;
    if (!stack.fortnox.state.tenants.has(NEW_TENANT))
      stack.fortnox.createTenant({ tenantId: NEW_TENANT, name: `Kaos ${NEW_TENANT} AB` });
    const token = formToken(loadConfig('web', { NODE_ENV: 'development' }));
    const failures: string[] = [];
    for (let n = 0; n < rounds; n++) {
      const oauth = await oauthCallbackKill(stack, Math.floor(random() * 120));
      if (oauth !== undefined) failures.push(oauth);
      const settings = await settingsKill(stack, token, n, Math.floor(random() * 120));
      if (settings !== undefined) failures.push(settings);
    }
    // Afterwards, connecting works as if nothing had happened.
    await stack.connectFortnox(NEW_TENANT);
    const { rows } = await stack.pool.query<{ state: string }>(`SELECT state FROM connections WHERE tenant_id = $1`, [
      String(NEW_TENANT),
    ]);
    if (rows[0]?.state !== 'active')
      failures.push(`connecting ${NEW_TENANT} after the kills left it ${rows[0]?.state}`);
    await stack.secrets.scanEvents(stack.pool);
    const counts = { expected: 0, created: 0, duplicated: 0, missing: 0, writebacksWrong: 0 };
    const result = resultOf('web-kill', counts, stack, { web_kills: rounds * 2 }, failures);
    return { ...result, secretsFound: stack.secrets.found - secretsBefore };
  },
};
