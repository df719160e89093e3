import express, { type Router } from 'express';
import { z } from 'zod';
import type { SourceRef } from '../../core/documents.ts';
import { jobIdFor } from '../../jobs/job-ids.ts';
import type { SourceServices } from '../source.ts';
import type { BigCommerceConfig } from './config.ts';
import { SYSTEM } from './customer-map.ts';
import { SECRET_HEADER, validSecret, webhookSecret } from './hooks.ts';
import { OBJECTS, paymentId } from './ids.ts';
import { noteOrdersHinted } from './order-reads.ts';

/**
 * Webhook intake under `/sources/bigcommerce/webhooks/{connection}`. A callback is only a hint
 * ("order 250 changed"): it is checked (our secret header, the store it claims to come from),
 * turned into `document.sync` jobs by reference and answered at once; the job re-reads the order.
 * Job ids derive from the callback's `hash` and `created_at`, so a duplicate or a retry of the same
 * event adds nothing [reference A6: "Dedupe on hash"], while a later event about the order does.
 */

const callbackSchema = z
  .object({
    scope: z.string(),
    store_id: z.union([z.string(), z.number()]).optional(),
    producer: z.string().optional(),
    hash: z.string().optional(),
    created_at: z.number().optional(),
    data: z
      .object({
        id: z.union([z.number(), z.string()]).optional(),
        order_id: z.union([z.number(), z.string()]).optional(),
        transaction_id: z.union([z.number(), z.string()]).optional(),
        transaction_type: z.string().optional(),
        refund: z
          .object({ refund_id: z.union([z.number(), z.string()]) })
          .loose()
          .optional(),
      })
      .loose()
      .default({}),
  })
  .loose();
export type Callback = z.infer<typeof callbackSchema>;

const numeric = (v: unknown): string | undefined =>
  v !== undefined && /^\d{1,12}$/.test(String(v)) ? String(v) : undefined;

/** The references a callback names: the order, and its refund or payment. */
export function referencesOf(connection: string, cb: Callback): SourceRef[] {
  const ref = (object: string, id: string): SourceRef => ({ system: SYSTEM, connection, object, id });
  // Channel-scoped order hooks carry `data.order_id`, store-level ones `data.id` [reference A6].
  const orderId =
    numeric(cb.data.order_id) ??
    (cb.data.id !== undefined && /\/order\//.test(cb.scope) ? numeric(cb.data.id) : undefined);
  if (!/^store\/(channel\/\d+\/)?order\//.test(cb.scope) || orderId === undefined) return [];
  const refs = [ref(OBJECTS.order, orderId)];
  const refundId = numeric(cb.data.refund?.refund_id);
  if (cb.scope.endsWith('/refund/created') && refundId !== undefined) refs.push(ref(OBJECTS.refund, refundId));
  const txId = numeric(cb.data.transaction_id);
  if (
    cb.scope.includes('/transaction/') &&
    txId !== undefined &&
    ['capture', 'purchase'].includes(cb.data.transaction_type ?? '')
  )
    refs.push(ref(OBJECTS.payment, paymentId(Number(orderId), txId)));
  return refs;
}

/**
 * One checkout fires four or five callbacks within a second (created, statusUpdated, updated,
 * transaction) and each job costs three store requests; the store's quota is what binds. So hints
 * about one record coalesce: one job per record per `coalesceSeconds` slot (pg-boss
 * `singletonSeconds`), started only after its slot has ended — it reads the record after every
 * change hinted in that slot, so coalescing never loses one.
 */
export async function enqueueRefs(
  services: SourceServices,
  refs: readonly SourceRef[],
  key: string,
  reason: string,
  coalesceSeconds = 0,
) {
  let added = 0;
  for (const source of refs) {
    const coalesce =
      coalesceSeconds > 0
        ? {
            singletonKey: `${source.system}:${source.connection}:${source.object}:${source.id}`,
            singletonSeconds: coalesceSeconds,
            startAfter: coalesceSeconds,
          }
        : {};
    const id = await services.queue.send(
      'document.sync',
      { source, reason },
      { id: jobIdFor(`${key}|${source.object}|${source.id}`), ...coalesce },
    );
    if (id !== null) added++;
  }
  return added;
}

export function intakeRoutes(router: Router, services: SourceServices, config: BigCommerceConfig): void {
  const logger = services.logger.child({ source: SYSTEM });
  router.post('/webhooks/:connection', express.json({ limit: '64kb' }), async (req, res) => {
    const key = String(req.params.connection);
    const connection = /^[a-z0-9-]{1,20}$/.test(key) ? await services.connections.get(SYSTEM, key) : undefined;
    if (connection === undefined || !validSecret(req.get(SECRET_HEADER), webhookSecret(config.appSecret, key))) {
      // Logged like the other sources' refusals, so an admin sees forgeries (or a stale hook) knocking.
      logger.warn('bigcommerce callback refused: unknown store or wrong webhook secret', {
        connection: /^[a-z0-9-]{1,20}$/.test(key) ? key : '(not a connection key)',
        known: connection !== undefined,
        hasSecret: req.get(SECRET_HEADER) !== undefined,
      });
      res.status(401).json({ error: 'unauthorised', message: 'Unknown store or wrong webhook secret.' });
      return;
    }
    const parsed = callbackSchema.safeParse(req.body);
    const storeHash = (connection.credentials as { storeHash?: string } | undefined)?.storeHash;
    if (!parsed.success || (parsed.data.producer !== undefined && parsed.data.producer !== `stores/${storeHash}`)) {
      logger.warn('bigcommerce callback refused', {
        connection: key,
        reason: parsed.success ? 'other store' : 'shape',
      });
      res.status(400).json({ error: 'bad_request', message: 'Not a BigCommerce callback for this store.' });
      return;
    }
    const cb = parsed.data;
    const refs = referencesOf(key, cb);
    const eventKey = `bigcommerce|${key}|hook|${cb.hash ?? JSON.stringify(cb.data)}|${cb.created_at ?? ''}`;
    const added = await enqueueRefs(services, refs, eventKey, cb.scope, config.coalesceSeconds);
    await noteOrdersHinted(
      services.pool,
      key,
      refs.filter((r) => r.object === OBJECTS.order).map((r) => Number(r.id)),
    );
    await services.connections.touch(SYSTEM, key);
    logger.debug('bigcommerce callback', { connection: key, scope: cb.scope, refs: refs.length, added });
    res.status(200).json({ ok: true });
  });
}
