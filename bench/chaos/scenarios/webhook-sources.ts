import { setTimeout as delay } from 'node:timers/promises';
import { seededRandom } from '../../../emulators/kit/faults.ts';
import { quiet } from '../jobs.ts';
import { logMessage } from '../processes.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';
import { SHOP_SYSTEMS, type ShopSystem } from '../shops.ts';
import { type ChaosStack, sharedChaosStack } from '../stack.ts';
import { DocumentClock, leftByTenant, recoveryBound, resultOf, settle } from '../tally.ts';
import {
  forgeriesAnswered,
  genuineDelivered,
  hooksDisabled,
  sendForgeries,
  setWebhookChaos,
} from '../webhook-faults.ts';

/**
 * Scenario 5 of issue #17: the webhook sources (WooCommerce, Stripe Billing, BigCommerce) deliver
 * every webhook duplicated, reordered, delayed or never; then the web process that receives them is
 * down for a minute (`--web-down N` seconds; 15 with --quick) while shoppers keep ordering —
 * WooCommerce never retries, Stripe and BigCommerce retry on their schedules, and the catch-up
 * polls must find the rest. Every order ends with exactly one invoice and its number written back
 * on the order. Afterwards forged deliveries (wrong secret, tampered body, unsigned, an old
 * timestamp, a guessed shared secret) are each refused with a 4xx, logged, and enqueue nothing.
 */

const REFUSALS = new Set([
  'webhook refused: signature missing or wrong',
  'webhook refused: signature missing, wrong or too old',
  'bigcommerce callback refused: unknown store or wrong webhook secret',
]);

/** Sync jobs of each shop created since `since` (the database's clock). */
async function syncJobsSince(stack: ChaosStack, since: Date): Promise<Record<string, number>> {
  const { rows } = await stack.pool.query<{ system: string; n: number }>(
    `SELECT data->'source'->>'system' AS system, count(*)::int AS n FROM pgboss.job
      WHERE name IN ('document.sync', 'customer.sync') AND created_on >= $1 GROUP BY 1`,
    [since],
  );
  return Object.fromEntries(rows.map((r) => [r.system, r.n]));
}

export const scenario: Scenario = {
  name: 'webhook-sources',
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const perSystem =
      options.deals === undefined ? (options.quick ? 8 : 80) : Math.max(5, Math.round(options.deals / 10));
    const downSeconds = options.webDownSeconds ?? (options.quick ? 15 : 60);
    const stack = await sharedChaosStack(options.workDir);
    const { shops } = stack;
    const secretsBefore = stack.secrets.found;
    const random = seededRandom(options.seed + 5);
    const clock = new DocumentClock(stack);
    const failures: string[] = [];
    const orders: string[] = [];
    let refusalsLogged = 0;
    stack.log.onLine((line, from) => {
      if (from === 'web' && REFUSALS.has(logMessage(line) ?? '')) refusalsLogged++;
    });
    const place = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++)
        for (const system of SHOP_SYSTEMS) {
          orders.push(shops.place(system as ShopSystem, orders.length));
          await delay(50 + random() * 250);
        }
    };

    // 1. Every webhook duplicated, reordered, delayed or never sent (about a quarter of each).
    setWebhookChaos(shops, { duplicate: 0.3, drop: 0.25, reorderWindow: 4, delayMs: 1500 });
    await place(perSystem);

    // 2. The endpoint is down: the web process is killed and comes back only after `downSeconds`.
    stack.web.kill('SIGKILL');
    await stack.web.exited;
    const downAt = performance.now();
    await place(Math.max(2, Math.round(perSystem / 2)));
    await delay(Math.max(0, downSeconds * 1000 - (performance.now() - downAt)));
    await stack.startWeb();
    const lastFaultAt = performance.now();
    setWebhookChaos(shops, { duplicate: 0, drop: 0, reorderWindow: 0, delayMs: 0 });

    const left = leftByTenant(stack, orders, stack.companyOf);
    const bound = recoveryBound(stack, left, orders);
    const counts = await settle(stack, orders, Math.min(Math.max(bound * 3, 180), 900) * 1000);
    clock.stop();
    const seconds = Math.max(0, Math.round((clock.lastDocumentAt - lastFaultAt) / 100) / 10);

    // 3. Forgeries, once everything is quiet, so any job they caused would stand out.
    if (!(await quiet(stack.pool, 5000, 120_000))) failures.push('the shops’ work did not finish within 2 min');
    // Time passes in Stripe and BigCommerce: the retries of what failed while we were down are sent
    // now, so the forgeries arrive in a quiet window.
    shops.stripe.flushRetries();
    shops.bigcommerce.webhooks.flushRetries();
    await Promise.race([
      Promise.all([shops.stripe.events.dispatcher.idle(), shops.bigcommerce.webhooks.idle()]),
      delay(20_000),
    ]);
    await quiet(stack.pool, 3000, 60_000);
    const { rows } = await stack.pool.query<{ now: Date }>('SELECT now() AS now');
    const windowStart = rows[0]!.now;
    const genuineBefore = genuineDelivered(shops);
    const refusalsBefore = refusalsLogged;
    const lastWoo = Number(orders.findLast((r) => r.startsWith('woocommerce:'))?.split(':')[2] ?? 1);
    const sent = sendForgeries(shops, { woo: lastWoo, bigcommerce: 999_999 });
    const answers = await forgeriesAnswered(shops, sent, 30_000);
    await delay(2000);
    const jobs = await syncJobsSince(stack, windowStart);
    const genuineAfter = genuineDelivered(shops);
    const accepted = answers.filter((status) => status < 400 || status >= 500);
    if (answers.length < sent) failures.push(`${sent - answers.length} of ${sent} forgeries got no answer`);
    if (accepted.length > 0) failures.push(`forgeries answered ${accepted.join(', ')} instead of a 4xx refusal`);
    if (refusalsLogged - refusalsBefore < sent)
      failures.push(`${sent - (refusalsLogged - refusalsBefore)} of ${sent} refused forgeries were not logged`);
    // A shop's genuine deliveries meanwhile (a retry, a write-back's order.updated) may enqueue on their
    // own, so a shop's window proves "nothing enqueued" only when it was quiet; the BigCommerce forgery
    // names an order that does not exist, which no genuine delivery or poll ever enqueues.
    const enqueued: Record<string, number | string> = {};
    for (const system of SHOP_SYSTEMS) {
      const quietShop = genuineAfter[system] === genuineBefore[system];
      enqueued[`jobs_enqueued_by_forgeries_${system}`] = quietShop
        ? (jobs[system] ?? 0)
        : 'not checked (genuine deliveries)';
      if (quietShop && (jobs[system] ?? 0) > 0)
        failures.push(`${jobs[system]} ${system} jobs appeared while only forgeries reached the endpoint`);
    }
    const { rows: forgedJobs } = await stack.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE data->'source'->>'system' = 'bigcommerce' AND data->'source'->>'id' = '999999'`,
    );
    if (forgedJobs[0]!.n > 0) failures.push('the forged BigCommerce callback enqueued its made-up order');

    // By now the polls ran again: a webhook the outage switched off must be active once more.
    const disabledAtEnd = hooksDisabled(shops);
    if (disabledAtEnd > 0) failures.push(`${disabledAtEnd} webhooks were left switched off after the outage`);
    await stack.secrets.scanEvents(stack.pool);
    const result = resultOf(
      'webhook-sources',
      counts,
      stack,
      {
        ...Object.fromEntries(SHOP_SYSTEMS.map((s) => [`${s}_orders`, orders.filter((r) => r.startsWith(s)).length])),
        web_down_s: downSeconds,
        hooks_disabled_at_end: disabledAtEnd,
        forgeries: sent,
        forgeries_refused_4xx: answers.length - accepted.length,
        refusals_logged: refusalsLogged - refusalsBefore,
        ...enqueued,
      },
      failures,
      { seconds, bound },
    );
    return { ...result, secretsFound: stack.secrets.found - secretsBefore };
  },
};
