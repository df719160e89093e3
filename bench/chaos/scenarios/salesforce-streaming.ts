import { setTimeout as delay } from 'node:timers/promises';
import { seededRandom } from '../../../emulators/kit/faults.ts';
import { markWon } from '../../seed.ts';
import { logMessage } from '../processes.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';
import { type ChaosStack, sharedChaosStack } from '../stack.ts';
import { DocumentClock, invoicesByDeal, leftByTenant, recoveryBound, resultOf, settle } from '../tally.ts';

/**
 * Scenario 4 of issue #17: the Salesforce stream misbehaves in every way it does in production —
 * connections dropped every few seconds (`403::Unknown client`, sockets cut, a long poll dropped by
 * the network), change events replaced by gap events and by overflow events, a stored replay id
 * Salesforce calls invalid, and an outage longer than the 72 h retention (every event it kept is
 * gone when the workers come back). Deals are won all the while; each must end with exactly one
 * invoice, whether the stream told us or the reconciliation had to re-read Salesforce.
 */

interface Phase {
  name: string;
  deals: string[];
}

async function stopWorkers(stack: ChaosStack): Promise<void> {
  for (const worker of stack.workers) worker.kill('SIGTERM');
  await Promise.all(stack.workers.map((w) => w.exited));
}

async function startWorkers(stack: ChaosStack): Promise<void> {
  await Promise.all(stack.workers.map((_, i) => stack.startWorker(i)));
}

export const scenario: Scenario = {
  name: 'salesforce-streaming',
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const count =
      options.deals === undefined ? (options.quick ? 40 : 250) : Math.max(25, Math.round(options.deals / 4));
    const dropSeconds = options.minutes === undefined ? (options.quick ? 20 : 90) : options.minutes * 60;
    const stack = await sharedChaosStack(options.workDir);
    const h = stack.salesforce.handle;
    const secretsBefore = stack.secrets.found;
    const random = seededRandom(options.seed + 4);
    const deals = stack.seedDeals(count, 'Ström');
    const fifth = Math.ceil(count / 5);
    const phases: Phase[] = ['drops', 'gap', 'overflow', 'invalid-replay', 'outage-72h'].map((name, k) => ({
      name,
      deals: deals.slice(k * fifth, (k + 1) * fifth),
    }));
    const [drops, gap, overflow, invalid, outage] = phases as [Phase, Phase, Phase, Phase, Phase];
    const clock = new DocumentClock(stack);
    const failures: string[] = [];
    let reconciliations = 0;
    let resumedWithout = 0;
    stack.log.onLine((line) => {
      const message = logMessage(line);
      if (message === 'reconciliation done') reconciliations++;
      if (message === 'salesforce stream resumes without a replay id; reconciling') resumedWithout++;
    });
    const faults = { unknown_client: 0, sockets_cut: 0, polls_dropped: 0 };

    // 1. Dropped every few seconds while deals are won in waves.
    const began = performance.now();
    let won = 0;
    while (performance.now() - began < dropSeconds * 1000) {
      const wave = Math.ceil(drops.deals.length / Math.max(1, dropSeconds / 3));
      for (const deal of drops.deals.slice(won, won + wave)) markWon(h, deal);
      won += wave;
      await delay(1000 + random() * 3000);
      const pick = random();
      if (pick < 0.4) faults.unknown_client += h.dropStreamingClients('unknown-client') > 0 ? 1 : 0;
      else if (pick < 0.7) faults.sockets_cut += h.dropStreamingClients('kill-sockets') > 0 ? 1 : 0;
      else {
        h.faults.kit.add({ kind: 'drop', count: 1, target: 'streaming' });
        faults.polls_dropped++;
      }
    }
    for (const deal of drops.deals.slice(won)) markWon(h, deal);

    // 2–3. Salesforce sends gap events, then overflow events, instead of the changes.
    for (const [phase, degrade] of [
      [gap, 'gap'],
      [overflow, 'overflow'],
    ] as const) {
      h.cdcOptions.degrade = degrade;
      for (const deal of phase.deals) markWon(h, deal);
      h.cdcOptions.degrade = undefined;
      await delay(3000);
    }

    // 4. The workers come back with a replay id Salesforce never issued (invalid replay id).
    await stopWorkers(stack);
    await stack.pool.query(`UPDATE stream_checkpoints SET position = '1' WHERE source = 'salesforce'`);
    for (const deal of invalid.deals) markWon(h, deal);
    await startWorkers(stack);
    await delay(3000);

    // 5. Down longer than the retention: every event Salesforce kept, ours included, expires.
    await stopWorkers(stack);
    for (const deal of outage.deals) markWon(h, deal);
    const expired = h.expireRetainedEvents();
    await startWorkers(stack);
    const lastFaultAt = performance.now();

    const left = leftByTenant(stack, deals, stack.companyOf);
    const bound = recoveryBound(stack, left, deals);
    const counts = await settle(stack, deals, Math.min(Math.max(bound * 3, 180), 900) * 1000);
    clock.stop();
    const invoices = invoicesByDeal(stack);
    for (const phase of phases) {
      const missing = phase.deals.filter((d) => !invoices.has(d)).length;
      if (missing > 0) failures.push(`${missing} deals won during "${phase.name}" got no invoice`);
    }
    if (resumedWithout === 0) failures.push('the workers never reconciled after the invalid replay id or the outage');
    await stack.secrets.scanEvents(stack.pool);
    const seconds = Math.max(0, Math.round((clock.lastDocumentAt - lastFaultAt) / 100) / 10);
    const result = resultOf(
      'salesforce-streaming',
      counts,
      stack,
      {
        ...faults,
        gap_deals: gap.deals.length,
        overflow_deals: overflow.deals.length,
        events_expired: expired,
        resumed_without_replay_id: resumedWithout,
        reconciliations,
      },
      failures,
      { seconds, bound },
    );
    return { ...result, secretsFound: stack.secrets.found - secretsBefore };
  },
};
