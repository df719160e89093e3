import type { SourceConnection, SourceHandle, SourceServices } from '../source.ts';
import type { BigCommerceClient } from './client.ts';
import type { BigCommerceConfig } from './config.ts';
import { SYSTEM } from './customer-map.ts';
import { pollStore } from './poller.ts';

/**
 * The worker's poll schedule: every interval, each active store once, one after the other (their
 * quotas are separate, but one slow store must not pile rounds up). A failed round is logged and
 * the next one starts from the same checkpoint; `stop()` waits for the round in flight.
 */
export function startPolling(
  services: SourceServices,
  config: BigCommerceConfig,
  clientOf: (c: SourceConnection) => BigCommerceClient,
  observe?: (connection: string, result: { enqueued: number; orders: number }) => void,
): SourceHandle {
  const logger = services.logger.child({ source: SYSTEM, part: 'poll' });
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async (): Promise<void> => {
    const connections = (await services.connections.list(SYSTEM)).filter((c) => c.state === 'active');
    for (const connection of connections) {
      if (abort.signal.aborted) return;
      try {
        const result = await pollStore(services, clientOf(connection), connection, config, logger, abort.signal);
        if (!result.skipped) observe?.(connection.key, result);
      } catch (error) {
        if (abort.signal.aborted) return;
        logger.warn('bigcommerce poll failed; the next round starts from the same checkpoint', {
          connection: connection.key,
          error,
        });
      }
    }
  };
  const schedule = (): void => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      running = round()
        .catch((error) => logger.warn('bigcommerce poll round failed', { error }))
        .finally(schedule);
    }, config.pollMs);
    timer.unref?.();
  };
  schedule();
  return {
    stop: async () => {
      abort.abort();
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
