import { setTimeout as delay } from 'node:timers/promises';
import { seededRandom } from '../../../emulators/kit/faults.ts';
import { markWon } from '../../seed.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';
import { SHOP_SYSTEMS } from '../shops.ts';
import { type ChaosStack, restartDeadWorkers, sharedChaosStack } from '../stack.ts';
import { DocumentClock, leftByTenant, recoveryBound, resultOf, settle } from '../tally.ts';

/**
 * Scenario 1 of issue #17: won deals and shop orders (WooCommerce, Stripe, BigCommerce, in turn)
 * across two companies while the worker processes are SIGKILLed at random moments and started
 * again. Every third kill is timed to land inside an invoice POST: one worker is killed first,
 * Fortnox is told to hold the next invoice POST for 2 s (a latency fault), and only then is the
 * wave of work released — so the next POST Fortnox receives comes from the other worker, which is
 * killed while Fortnox holds it (the emulator kit's stats emit each request as it arrives). Fortnox
 * then stores an invoice its sender never heard about, and the retry must adopt it, not post a
 * second one.
 */

interface KillPlan {
  kills: number;
  deals: number;
  orders: number;
}

const plan = (options: ScenarioOptions): KillPlan => {
  const deals = options.deals ?? (options.quick ? 36 : 1000);
  return { kills: options.kills ?? (options.quick ? 12 : 100), deals, orders: deals };
};

/** Resolves true when the next invoice POST reaches Fortnox (the kit's stats tell before any fault acts), false after `timeoutMs`. */
function nextInvoicePost(stack: ChaosStack, timeoutMs: number): Promise<boolean> {
  const stats = stack.fortnox.state.stats;
  return new Promise((resolve) => {
    const on = (request: { method: string; path: string }): void => {
      if (request.method !== 'POST' || !request.path.startsWith('/3/invoices')) return;
      clearTimeout(timer);
      stats.off('request', on);
      resolve(true);
    };
    const timer = setTimeout(() => {
      stats.off('request', on);
      resolve(false);
    }, timeoutMs);
    stats.on('request', on);
  });
}

/** Kills one worker, arms the hold, releases `wave` (the work) and kills the other inside the POST it makes. */
async function killDuringPost(stack: ChaosStack, random: () => number, wave: () => void): Promise<boolean> {
  const [first, second] = random() < 0.5 ? [0, 1] : [1, 0];
  if (!stack.workers[second]!.alive()) await stack.startWorker(second);
  stack.workers[first]!.kill('SIGKILL');
  await stack.workers[first]!.exited;
  stack.fortnox.injectFault({ kind: 'latency', ms: 2000, count: 1, method: 'POST', pathPrefix: '/3/invoices' });
  const post = nextInvoicePost(stack, 30_000);
  wave();
  const landed = await post;
  stack.workers[second]!.kill('SIGKILL');
  await stack.workers[second]!.exited;
  if (!landed) stack.fortnox.clearFaults();
  return landed;
}

export const scenario: Scenario = {
  name: 'process-kill',
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const { kills, deals: count, orders: orderCount } = plan(options);
    const stack = await sharedChaosStack(options.workDir);
    const secretsBefore = stack.secrets.found;
    const random = seededRandom(options.seed);
    const deals = stack.seedDeals(count, 'Kill');
    const orders: string[] = [];
    const clock = new DocumentClock(stack);
    const failures: string[] = [];
    let duringPost = 0;
    let sigkills = 0;
    // Deals are won and orders placed in waves over the kills, so work arrives all the time the workers are dying.
    const perKill = Math.ceil(count / kills);
    const ordersPerKill = Math.ceil(orderCount / kills);
    let won = 0;
    const wave = (): void => {
      for (const deal of deals.slice(won, won + perKill)) markWon(stack.salesforce.handle, deal);
      won = Math.min(count, won + perKill);
      for (let i = 0; i < ordersPerKill && orders.length < orderCount; i++)
        orders.push(stack.shops.place(SHOP_SYSTEMS[orders.length % SHOP_SYSTEMS.length]!, orders.length));
    };
    for (let k = 0; k < kills; k++) {
      const timed = k % 3 === 2;
      if (!timed) wave();
      await delay(500 + random() * 3500);
      if (timed) {
        if (await killDuringPost(stack, random, wave)) duringPost++;
        sigkills += 2;
      } else {
        const victim = stack.workers[Math.floor(random() * stack.workers.length)]!;
        victim.kill('SIGKILL');
        await victim.exited;
        sigkills++;
      }
      // Back after 0–2 s, the way a dyno manager restarts a crashed process; a kill may find it booting.
      await delay(random() * 2000);
      if (k === kills - 1 || random() < 0.7) await restartDeadWorkers(stack);
      else void restartDeadWorkers(stack).catch(() => undefined);
    }
    for (const deal of deals.slice(won)) markWon(stack.salesforce.handle, deal);
    while (orders.length < orderCount)
      orders.push(stack.shops.place(SHOP_SYSTEMS[orders.length % SHOP_SYSTEMS.length]!, orders.length));
    await restartDeadWorkers(stack);
    const all = [...deals, ...orders];
    const lastFaultAt = performance.now();
    const left = leftByTenant(stack, all, stack.companyOf);
    const leftCount = [...left.values()].reduce((a, b) => a + b, 0);
    const bound = recoveryBound(stack, left, all);
    const counts = await settle(stack, all, Math.min(Math.max(bound * 3, 180), 900) * 1000);
    clock.stop();
    await stack.secrets.scanEvents(stack.pool);
    const seconds = Math.max(0, Math.round((clock.lastDocumentAt - lastFaultAt) / 100) / 10);
    if (duringPost === 0) failures.push('no kill landed inside an invoice POST');
    const result = resultOf(
      'process-kill',
      counts,
      stack,
      {
        deals: deals.length,
        shop_orders: orders.length,
        kills: sigkills,
        kills_during_invoice_post: duringPost,
        documents_left_at_last_kill: leftCount,
      },
      failures,
      { seconds, bound },
    );
    return { ...result, secretsFound: stack.secrets.found - secretsBefore };
  },
};
