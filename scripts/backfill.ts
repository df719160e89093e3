import { boot } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { deriveKey } from '../src/core/crypto.ts';
import { createLogger } from '../src/core/logger.ts';
import { connectionDirectory } from '../src/db/source-connections.repo.ts';
import { startRuntime } from '../src/runtime.ts';
import { backfill } from '../src/sources/salesforce/backfill.ts';
import { parseBackfillArgs, progressBar, USAGE, UsageError } from '../src/sources/salesforce/backfill-cli.ts';
import { salesforceConfig } from '../src/sources/salesforce/config.ts';
import { createSalesforceSession } from '../src/sources/salesforce/connection.ts';
import { ORG_CONNECTION, salesforceSettingsSchema } from '../src/sources/salesforce/settings.ts';
import { parseConnectionSettings } from '../src/sources/source-set.ts';

/**
 * `npm run backfill -- --since 2026-01-01`: enqueues the won Opportunities (and, by the connection's
 * settings, activated Orders) changed since that day and their Accounts, and the Products when they sync (see src/sources/salesforce/backfill.ts for what "changed" and "won" mean and why a
 * second run creates nothing new). The worker does the rest. Exit codes: 0 done, 1 failed, 2 usage.
 */

let since: Date;
try {
  ({ since } = parseBackfillArgs(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`backfill: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}

boot(async () => {
  const config = loadConfig('worker');
  // Only warnings on stdout by default: the summary is what a person reads here.
  const logger = createLogger({ level: process.env.LOG_LEVEL === undefined ? 'warn' : config.LOG_LEVEL }).child({
    process: 'backfill',
  });
  const runtime = await startRuntime(config, { role: 'backfill', migrate: true, supervise: false, logger });
  try {
    const session = await createSalesforceSession(salesforceConfig(config), logger);
    const connections = connectionDirectory(runtime.pool, deriveKey(config.ENCRYPTION_KEY), parseConnectionSettings);
    const org = await connections.get('salesforce', ORG_CONNECTION);
    const settings = salesforceSettingsSchema.parse(org?.settings ?? {});
    const bar = progressBar(process.stderr);
    const summary = await backfill({
      conn: session.conn,
      queue: runtime.queue,
      since,
      wonStages: settings.wonStages,
      invoiceObjects: settings.invoiceObjects,
      syncProducts: settings.syncProducts,
      onProgress: bar.update,
    });
    bar.finish();
    const { opportunities: o, orders: r, accounts: a, products: p } = summary;
    const line = (c: typeof o, what: string) =>
      `${c.found} ${what}, ${c.enqueued} enqueued, ${c.alreadyQueued} already queued`;
    const parts = [line(o, 'won Opportunities found')];
    if (settings.invoiceObjects !== 'opportunities') parts.push(line(r, 'activated Orders'));
    parts.push(line(a, 'Accounts'));
    if (settings.syncProducts) parts.push(line(p, 'Products'));
    process.stdout.write(`backfill since ${since.toISOString()}: ${parts.join('; ')}\n`);
  } finally {
    await runtime.stop(5000);
  }
});
