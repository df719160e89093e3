import { setTimeout as delay } from 'node:timers/promises';
import { markWon } from '../../seed.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';
import { type ChaosStack, sharedChaosStack } from '../stack.ts';
import { DocumentClock, invoicesByDeal, leftByTenant, recoveryBound, resultOf, settle } from '../tally.ts';

/**
 * Scenario 2 of issue #17: Postgres stops for 30 s (10 s with --quick) while deals are being
 * invoiced, and more deals are won during the outage. Nobody restarts the app's processes: they
 * must reconnect on their own, `/healthz` must say 503 while the database is away and 200 after,
 * and every deal ends with exactly one invoice.
 */

async function health(stack: ChaosStack): Promise<number> {
  try {
    const response = await fetch(`${stack.appUrl}/healthz`, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export const scenario: Scenario = {
  name: 'postgres-outage',
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const outageMs = (options.quick ? 10 : 30) * 1000;
    const count =
      options.deals === undefined ? (options.quick ? 40 : 200) : Math.max(10, Math.round(options.deals / 5));
    const stack = await sharedChaosStack(options.workDir);
    const secretsBefore = stack.secrets.found;
    const deals = stack.seedDeals(count, 'Avbrott');
    const [before, during] = [deals.slice(0, count / 2), deals.slice(count / 2)];
    const clock = new DocumentClock(stack);
    const failures: string[] = [];
    const pidsBefore = stack.workers.map((w) => w.pid).concat(stack.web.pid);

    for (const deal of before) markWon(stack.salesforce.handle, deal);
    // Stop mid-run: once some of the first half are invoiced, while the rest are in flight.
    const deadline = performance.now() + 60_000;
    while (invoicesByDeal(stack).size === 0 || before.filter((d) => invoicesByDeal(stack).has(d)).length < count / 8) {
      if (performance.now() > deadline) break;
      await delay(200);
    }
    const healthBefore = await health(stack);
    await stack.stopPostgres();
    const stoppedAt = performance.now();
    const codes = new Set<number>();
    let i = 0;
    while (performance.now() - stoppedAt < outageMs) {
      codes.add(await health(stack));
      if (i < during.length) markWon(stack.salesforce.handle, during[i++]!);
      await delay(250);
    }
    for (const deal of during.slice(i)) markWon(stack.salesforce.handle, deal);
    await stack.startPostgres();
    const lastFaultAt = performance.now();
    let healthyAfterMs = -1;
    while (performance.now() - lastFaultAt < 120_000) {
      if ((await health(stack)) === 200) {
        healthyAfterMs = performance.now() - lastFaultAt;
        break;
      }
      await delay(250);
    }
    const left = leftByTenant(stack, deals, stack.companyOf);
    const bound = recoveryBound(stack, left, deals);
    const counts = await settle(stack, deals, Math.min(Math.max(bound * 3, 180), 900) * 1000);
    clock.stop();
    await stack.secrets.scanEvents(stack.pool);

    if (healthBefore !== 200) failures.push(`/healthz answered ${healthBefore} before the outage`);
    if (!codes.has(503))
      failures.push(`/healthz never answered 503 while Postgres was down (saw ${[...codes].join(', ')})`);
    if (healthyAfterMs < 0) failures.push('/healthz did not answer 200 within 120 s of Postgres coming back');
    const pidsAfter = stack.workers.map((w) => w.pid).concat(stack.web.pid);
    const died = [...stack.workers, stack.web].filter((p) => !p.alive()).map((p) => p.name);
    if (died.length > 0 || pidsAfter.join() !== pidsBefore.join())
      failures.push(`processes had to be restarted or died: ${died.join(', ') || 'pids changed'}`);
    const seconds = Math.max(0, Math.round((clock.lastDocumentAt - lastFaultAt) / 100) / 10);
    const result = resultOf(
      'postgres-outage',
      counts,
      stack,
      {
        outage_s: outageMs / 1000,
        healthz_during: [...codes].sort().join('/'),
        healthz_200_after_s: Math.round(healthyAfterMs / 100) / 10,
        won_during_outage: during.length,
      },
      failures,
      { seconds, bound },
    );
    return { ...result, secretsFound: stack.secrets.found - secretsBefore };
  },
};
