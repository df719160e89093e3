import { AppError } from '../../core/errors.ts';
import type { ReadContext, SourceRuntime, SourceServices } from '../source.ts';
import { ApiCache } from './client.ts';
import { commercetoolsConfig } from './config.ts';
import { connectFormRoutes } from './connect-form.ts';
import { OBJECTS } from './ids.ts';
import { type FeedSignal, startCommercetoolsFeed } from './listener.ts';
import { type ModelDeps, readCaptureIn, readRefundIn, readTransactionVoucher, voucherOrders } from './model-readers.ts';
import { readCustomerRecord, readOrderDocument } from './order-reader.ts';
import { noteOrderRead, noteOwnWrite } from './order-versions.ts';
import { commercetoolsSettingsSchema } from './settings.ts';
import { sendWritebacks } from './writeback.ts';

/** Test seams, passed as `sourceOptions.commercetools`. */
export interface CommercetoolsRuntimeOptions {
  observe?: (signal: FeedSignal) => void;
}

function wrongObject(object: string, wanted: string): AppError {
  return new AppError(`A commercetools ${object} is not a ${wanted}`, {
    code: 'source_reference_invalid',
    category: 'validation',
    retryable: false,
  });
}

/**
 * The commercetools adapter in one process: an SDK client per project (built on first use), the
 * readers, the `updateSyncInfo` write-back and, in the worker, the Messages feed.
 */
export function openCommercetools(services: SourceServices, options: CommercetoolsRuntimeOptions = {}): SourceRuntime {
  const config = commercetoolsConfig(services.config);
  const apis = new ApiCache(config);
  const settingsOf = (settings: unknown) => commercetoolsSettingsSchema.parse(settings ?? {});
  const deps = (ctx: ReadContext): ModelDeps => ({
    pool: services.pool,
    queue: services.queue,
    api: apis.for(ctx.connection),
    settings: settingsOf(ctx.connection.settings),
  });
  return {
    readDocument: async (ctx, ref) => {
      if (ref.object !== OBJECTS.order) {
        // Captures and refunds are read by readPayment/readCredit once document.sync dispatches by role.
        ctx.logger.warn('commercetools money event reached the document reader; it is booked by its own role', {
          object: ref.object,
        });
        return { kind: 'gone' };
      }
      const d = deps(ctx);
      return readOrderDocument(d.api, ref, d.settings, voucherOrders(d, ref), (order) =>
        noteOrderRead(services.pool, ref.connection, order.id, order.version),
      );
    },
    readCustomer: async (ctx, ref) => readCustomerRecord(apis.for(ctx.connection), ref),
    readCredit: async (ctx, ref) => {
      if (ref.object !== OBJECTS.refund) throw wrongObject(ref.object, 'refund');
      return readRefundIn(deps(ctx), ref);
    },
    readPayment: async (ctx, ref) => {
      if (ref.object !== OBJECTS.capture) throw wrongObject(ref.object, 'capture');
      return readCaptureIn(deps(ctx), ref);
    },
    readVoucher: async (ctx, ref) => {
      if (ref.object !== OBJECTS.transaction) throw wrongObject(ref.object, 'capture or refund');
      return readTransactionVoucher(deps(ctx), ref);
    },
    writeback: {
      batchSize: 50,
      send: async (connection, items, logger) =>
        sendWritebacks(apis.for(connection), settingsOf(connection.settings), items, logger, (id, from, to) =>
          noteOwnWrite(services.pool, connection.key, id, from, to),
        ),
    },
    start: async () => startCommercetoolsFeed(services, apis, config, options.observe),
    routes: (router) => connectFormRoutes(router, services),
  };
}
