import type { Order } from '@commercetools/platform-sdk';
import {
  type CommercetoolsEmulator,
  DEMO_CLIENT,
  DEMO_PROJECT,
  startCommercetoolsEmulator,
} from '../../../emulators/commercetools/index.ts';
import { DEMO_TENANT, type StackOptions } from '../../../scripts/stack.ts';
import { deriveKey } from '../../../src/core/crypto.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { connectionDirectory } from '../../../src/db/source-connections.repo.ts';
import { requireSource } from '../../../src/sources/registry.ts';
import type { ReadContext, SourceRuntime } from '../../../src/sources/source.ts';
import { parseConnectionSettings } from '../../../src/sources/source-set.ts';
import { type SyncHarness, startSyncHarness } from '../../sync/harness.ts';

/**
 * The whole product with a commercetools project connected from the environment: the
 * commercetools emulator beside the stack's Fortnox (and Salesforce) emulators, the worker reading
 * the project's Messages every 200 ms. Helpers speak the merchant's language (place an order,
 * capture, refund, cancel) and await what finance would see in Fortnox — as events, never sleeps.
 */

type Rec = Record<string, unknown>;

export interface CtHarness {
  h: SyncHarness;
  ct: CommercetoolsEmulator;
  reference(orderId: string): string;
  invoicesFor(orderId: string): Rec[];
  /** Resolves with the Fortnox invoice once one with this order's reference exists. */
  invoiceFor(orderId: string): Promise<Rec>;
  /** A paid (captured) order of the SE store, by default 2 × LIC-PRO and 1 × KAFFE-500. */
  paidOrder(lines?: { sku: string; quantity: number }[], store?: string): Order;
  ledger(
    sourceId: string,
    kind?: string,
  ): Promise<{ state: string; error_message: string | null; fortnox_number: string | null } | undefined>;
  stop(): Promise<void>;
}

export const PROJECT = DEMO_PROJECT;

export async function startCtHarness(
  options: StackOptions & { ct?: Parameters<typeof startCommercetoolsEmulator>[0] } = {},
): Promise<CtHarness> {
  const ct = await startCommercetoolsEmulator({ port: 0, ...options.ct });
  const h = await startSyncHarness({
    ...options,
    env: {
      COMMERCETOOLS_PROJECT_KEY: PROJECT,
      COMMERCETOOLS_CLIENT_ID: DEMO_CLIENT.id,
      COMMERCETOOLS_CLIENT_SECRET: DEMO_CLIENT.secret,
      COMMERCETOOLS_API_URL: ct.url,
      COMMERCETOOLS_AUTH_URL: ct.url,
      COMMERCETOOLS_POLL_MS: '200',
      ...options.env,
    },
  });
  const tenant = () => h.stack.fortnox.tenant(Number(DEMO_TENANT));
  const reference = (id: string) => `commercetools:${PROJECT}:${id}`;
  const invoicesFor = (id: string) =>
    [...tenant().invoices.rows.values()]
      .map((r) => r.rec as Rec)
      .filter((r) => r.ExternalInvoiceReference1 === reference(id));
  return {
    h,
    ct,
    reference,
    invoicesFor,
    invoiceFor: async (id) => {
      const existing = invoicesFor(id)[0];
      if (existing) return existing;
      await h.stack.fortnox.waitForEvent((e) => e.type === 'invoice-created-v1' && invoicesFor(id).length > 0);
      return invoicesFor(id)[0]!;
    },
    paidOrder: (
      lines = [
        { sku: 'LIC-PRO', quantity: 2 },
        { sku: 'KAFFE-500', quantity: 1 },
      ],
      store = 'se',
    ) => {
      const order = ct.placeOrder({ store, lines });
      return ct.capture(order.id);
    },
    ledger: async (sourceId, kind) => {
      const { rows } = await h.db.pool.query<{
        state: string;
        error_message: string | null;
        fortnox_number: string | null;
      }>(
        `SELECT state, error_message, fortnox_number FROM sync_records
          WHERE source_system = 'commercetools' AND source_id = $1 AND document_kind ${kind === undefined ? "<> 'customer'" : '= $2'}
          ORDER BY id`,
        kind === undefined ? [sourceId] : [sourceId, kind],
      );
      return rows[0];
    },
    stop: async () => {
      await h.stop();
      await ct.close();
    },
  };
}

/** Resolves with the order once its custom field `name` matches (the status we write back). */
export async function orderField(
  w: CtHarness,
  orderId: string,
  name: string,
  match: (value: unknown) => boolean = (v) => v !== undefined,
): Promise<Order> {
  const holds = () => match((w.ct.order(orderId).custom?.fields as Record<string, unknown> | undefined)?.[name]);
  if (!holds()) await w.ct.waitForMessage((m) => m.resource.id === orderId && holds());
  return w.ct.order(orderId);
}

/**
 * Everything queued has run (document.sync and the write-back). Asked of the job table itself:
 * pg-boss's queue counts are refreshed by its maintenance, so a job still running read as done.
 */
export async function settled(w: CtHarness): Promise<void> {
  await w.h.until(async () => {
    const { rows } = await w.h.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job
        WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')`,
      [['document.sync', 'customer.sync', 'source.writeback']],
    );
    return rows[0]?.n === 0;
  }, 'the queues to drain');
}

/** A request to the project's HTTP API as the demo API client (what another integration would send). */
export async function ctApi<T>(ct: CommercetoolsEmulator, method: string, path: string, body?: unknown): Promise<T> {
  const token = ct.mintToken().access_token;
  const res = await fetch(`${ct.url}/${ct.projectKey}/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`commercetools ${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Resolves once the feed has read every message there is now (and what it queued has run). */
export async function fedUp(w: CtHarness): Promise<void> {
  const fed = new Set(['order', 'payment', 'customer', 'business-unit']);
  const last = w.ct.messages
    .visible()
    .filter((m) => fed.has(m.resource.typeId))
    .at(-1)?.createdAt;
  await w.h.until(async () => {
    const { rows } = await w.h.db.pool.query<{ position: string }>(
      `SELECT position FROM stream_checkpoints WHERE source = 'commercetools' AND channel = $1`,
      [`${PROJECT}:messages`],
    );
    const at = (JSON.parse(rows[0]?.position ?? '{}') as { at?: string }).at;
    return last === undefined || (at !== undefined && at >= last);
  }, 'the feed to read every message');
  await settled(w);
}

/** The adapter's readers on their own (no feed), as a job calls them: to read a record outside a job. */
export async function readers(w: CtHarness): Promise<{ runtime: SourceRuntime; ctx: ReadContext }> {
  const { stack } = w.h;
  const connections = connectionDirectory(w.h.db.pool, deriveKey(stack.config.ENCRYPTION_KEY), parseConnectionSettings);
  const runtime = requireSource('commercetools').open({
    pool: w.h.db.pool,
    target: stack.runtime.target,
    logger: silentLogger,
    config: stack.config,
    queue: stack.runtime.queue,
    connections,
    requestFlush: async () => undefined,
  });
  const connection = await connections.get('commercetools', PROJECT);
  return { runtime, ctx: { connection: connection!, logger: silentLogger, signal: new AbortController().signal } };
}
