import { expect } from 'chai';
import type pg from 'pg';
import type Stripe from 'stripe';
import type { Logger } from '../../src/core/logger.ts';
import type { JobCatalog } from '../../src/jobs/catalog.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import type { ConnectionDirectory } from '../../src/sources/source.ts';
import { startStripePoller } from '../../src/sources/stripe/poller.ts';
import { wooConfig } from '../../src/sources/woocommerce/config.ts';
import { startWooPoller } from '../../src/sources/woocommerce/poller.ts';

/**
 * The catch-up pollers while Postgres is away (found by the fault suite's postgres-outage once the
 * shops were connected): reading the connections fails, and a round must log it and end, never
 * reject — an unhandled rejection ends the worker process, and with it every other job.
 */

function recorder(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    child: () => logger,
    warn: (message: string) => warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
  } as unknown as Logger;
  return { logger, warnings };
}

const away: ConnectionDirectory = {
  list: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
} as unknown as ConnectionDirectory;

const shared = {
  pool: {} as pg.Pool,
  queue: {} as JobQueue<JobCatalog>,
  connections: away,
  intervalMs: 60_000,
};

describe('catch-up pollers while the database is away', () => {
  it('a Stripe round logs that it could not read the connections and resolves', async () => {
    const { logger, warnings } = recorder();
    const poller = startStripePoller({ ...shared, logger, clientFor: () => ({}) as Stripe });
    await poller.round();
    await poller.stop();
    expect(warnings).to.include('event poll could not read the connections; tried again next round');
  });

  it('a WooCommerce round logs that it could not read the connections and resolves', async () => {
    const { logger, warnings } = recorder();
    const poller = startWooPoller({
      ...shared,
      logger,
      config: wooConfig({}),
      clientFor: () => undefined,
      publicUrl: () => undefined,
    });
    await poller.round();
    await poller.stop();
    expect(warnings).to.include('poll could not read the connections; tried again next round');
  });
});
