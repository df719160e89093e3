import { markWon } from '../../seed.ts';
import { posts, quiet } from '../jobs.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';
import { sharedChaosStack } from '../stack.ts';
import { invoicesByDeal, resultOf, settle, tally } from '../tally.ts';

/**
 * Scenario 6 of issue #17: every retained Salesforce event replayed from the start (replay id -2),
 * after the other scenarios made their documents: the workers read it all again, and Fortnox gets
 * no new document and no new POST at all.
 */
export const scenario: Scenario = {
  name: 'replay',
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const stack = await sharedChaosStack(options.workDir);
    const secretsBefore = stack.secrets.found;
    const failures: string[] = [];
    // Run alone (--only replay), there is no history yet: make some.
    if (invoicesByDeal(stack).size === 0) {
      const deals = stack.seedDeals(options.quick ? 10 : 40, 'Historik');
      for (const deal of deals) markWon(stack.salesforce.handle, deal);
      await settle(stack, deals, 180_000);
    }
    if (!(await quiet(stack.pool, 5000, 300_000))) failures.push('earlier work did not finish within 5 min');
    const deals = [...invoicesByDeal(stack).keys()];
    const invoicesBefore = deals.length;
    const postsBefore = posts(stack.fortnox.totalStats().byRoute);
    const retained = stack.salesforce.handle.retainedEvents('/data/OpportunityChangeEvent').length;

    for (const worker of stack.workers) worker.kill('SIGTERM');
    await Promise.all(stack.workers.map((w) => w.exited));
    await stack.pool.query(`UPDATE stream_checkpoints SET position = '-2' WHERE source = 'salesforce'`);
    const enqueued = stack.log.lines;
    await Promise.all(stack.workers.map((_, i) => stack.startWorker(i)));
    // The leader reads every retained event again; done when no job has been waiting for 15 s.
    if (!(await quiet(stack.pool, 15_000, 600_000))) failures.push('the replay did not settle within 10 min');

    const counts = tally(stack, deals);
    const newPosts = posts(stack.fortnox.totalStats().byRoute) - postsBefore;
    const newInvoices = invoicesByDeal(stack).size - invoicesBefore;
    if (newPosts > 0) failures.push(`${newPosts} POSTs reached Fortnox during the replay`);
    if (newInvoices > 0) failures.push(`${newInvoices} new documents during the replay`);
    await stack.secrets.scanEvents(stack.pool);
    const result = resultOf(
      'replay',
      counts,
      stack,
      { events_replayed: retained, new_posts: newPosts, log_lines_during_replay: stack.log.lines - enqueued },
      failures,
    );
    return { ...result, secretsFound: stack.secrets.found - secretsBefore };
  },
};
