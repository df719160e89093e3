import { setTimeout as delay } from 'node:timers/promises';
import { markWon } from '../../seed.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';
import { sharedChaosStack, TENANTS } from '../stack.ts';
import { DocumentClock, leftByTenant, recoveryBound, resultOf, settle } from '../tally.ts';

/**
 * Scenario 3 of issue #17: Fortnox misbehaves in every way at once — a 429 storm, 5xx bursts, a
 * hang, dropped connections, commit-then-fail on 10 % of invoice POSTs — the access tokens expire
 * and the first refresh fails, and the second company's consent is revoked: its deals park with a
 * message saying so while the first company's go on; connecting it again (through the pages)
 * sends them.
 */

const [KEPT, REVOKED] = TENANTS;

export const scenario: Scenario = {
  name: 'fortnox-faults',
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const count =
      options.deals === undefined ? (options.quick ? 40 : 300) : Math.max(10, Math.round(options.deals / 3));
    const stack = await sharedChaosStack(options.workDir);
    const { fortnox } = stack;
    const secretsBefore = stack.secrets.found;
    const deals = stack.seedDeals(count, 'Fel');
    const [first, second] = [deals.slice(0, count / 2), deals.slice(count / 2)];
    const clock = new DocumentClock(stack);
    const failures: string[] = [];
    const statsBefore = fortnox.totalStats();

    fortnox.injectFault({ kind: 'rate-limit', count: 200, forMs: 6000 });
    fortnox.injectFault({ kind: 'status', status: 503, count: 5, method: 'POST', pathPrefix: '/3/invoices' });
    fortnox.injectFault({ kind: 'status', status: 500, count: 3 });
    fortnox.injectFault({ kind: 'drop', count: 3 });
    fortnox.injectFault({ kind: 'hang', count: 1, method: 'GET' });
    for (const deal of first) markWon(stack.salesforce.handle, deal);
    await delay(8000);

    // An hour passes in Fortnox: every access token has expired, and the first refresh fails.
    // Meanwhile the second company withdrew its consent, so its refresh is refused for good.
    fortnox.injectFault({ kind: 'status', status: 500, count: 1, target: 'token' });
    fortnox.revokeConsent(REVOKED);
    fortnox.advanceClock(3_601_000);
    fortnox.injectFault({
      kind: 'commit-then-fail',
      probability: 0.1,
      forMs: 600_000,
      method: 'POST',
      pathPrefix: '/3/invoices',
    });
    for (const deal of second) markWon(stack.salesforce.handle, deal);

    // The kept company's deals all go through; the revoked one's park, saying why.
    const kept = deals.filter((d) => stack.companyOf(d) === KEPT);
    const keptCounts = await settle(stack, kept, 300_000);
    if (keptCounts.missing > 0) failures.push(`${keptCounts.missing} deals of the connected company waited too`);
    let parked: { n: number; message: string | null } = { n: 0, message: null };
    const deadline = performance.now() + 120_000;
    while (performance.now() < deadline) {
      const { rows } = await stack.pool.query<{ n: number; message: string | null }>(
        `SELECT count(*)::int AS n, max(error_message) AS message FROM sync_records
          WHERE tenant_id = $1 AND state = 'needs_attention' AND error_code = 'fortnox_connection_revoked'`,
        [String(REVOKED)],
      );
      parked = rows[0]!;
      if (parked.n > 0) break;
      await delay(1000);
    }
    if (parked.n === 0) failures.push(`no deal of company ${REVOKED} parked as revoked within 120 s`);

    await stack.connectFortnox(REVOKED!);
    const lastFaultAt = performance.now();
    const left = leftByTenant(stack, deals, stack.companyOf);
    const bound = recoveryBound(stack, left, deals);
    const counts = await settle(stack, deals, Math.min(Math.max(bound * 3, 180), 900) * 1000);
    fortnox.clearFaults();
    clock.stop();
    await stack.secrets.scanEvents(stack.pool);
    const stats = fortnox.totalStats();
    const seconds = Math.max(0, Math.round((clock.lastDocumentAt - lastFaultAt) / 100) / 10);
    const result = resultOf(
      'fortnox-faults',
      counts,
      stack,
      {
        http_429: stats.rateLimited - statsBefore.rateLimited,
        dropped: stats.dropped - statsBefore.dropped,
        parked_revoked: parked.n,
        parked_message: parked.message ?? '',
      },
      failures,
      { seconds, bound },
    );
    return { ...result, secretsFound: stack.secrets.found - secretsBefore };
  },
};
