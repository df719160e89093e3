import type pg from 'pg';
import type { Logger } from '../core/logger.ts';
import { loadSettings } from '../db/settings.repo.ts';
import { pendingStock, recordStockPush, type StockRow, saveStockLevels } from '../db/stock.repo.ts';
import { activeTenants } from '../fortnox/auth/connections.ts';
import type { SourceConnection } from '../sources/source.ts';
import type { OpenSource, SourceSet } from '../sources/source-set.ts';
import { readCheckpoint, saveCheckpoint } from '../status/status-ledger.ts';
import type { ArticlePort } from './article-port.ts';

/**
 * Stock from Fortnox to every source connection that wants it (`SourceStock`), for one Fortnox
 * company: read the articles modified since the last read (all of them the first time; a minute of
 * overlap, as `lastmodified` is minute-grained Stockholm time), keep their levels, then send each
 * connection the levels it was not sent yet — only changed SKUs, at most the source's batch size per
 * call, absolute values (so a retry after a failure sends exactly the same). A SKU the source does
 * not know is recorded and reported once, and sent again only if its stock changes again.
 *
 * A connection follows the company its settings' routing would pick for a sale without facts: the
 * default company, else the only one connected.
 */

export interface StockSyncDeps {
  pool: pg.Pool;
  sources: SourceSet;
  logger: Logger;
  articles(tenantId: string): ArticlePort;
  signal: AbortSignal;
  now?: () => Date;
}

export interface StockSyncResult {
  connections: number;
  read: number;
  changed: number;
  pushed: number;
  requests: number;
  unknown: string[];
}

const OVERLAP_MS = 60_000;
const CHECKPOINT = 'fortnox-stock' as const;

/** The Fortnox company whose stock the sources follow (undefined: none can be chosen). */
export async function stockTenant(pool: pg.Pool): Promise<string | undefined> {
  const settings = await loadSettings(pool);
  const tenants = await activeTenants(pool);
  if (settings.defaultTenantId !== null)
    return tenants.includes(settings.defaultTenantId) ? settings.defaultTenantId : undefined;
  return tenants.length === 1 ? tenants[0] : undefined;
}

/** Connections whose stock follows this tenant, with their adapters. */
async function followers(
  deps: StockSyncDeps,
  tenantId: string,
): Promise<{ open: OpenSource; connection: SourceConnection }[]> {
  const wanting: { open: OpenSource; connection: SourceConnection }[] = [];
  for (const open of deps.sources.all()) {
    const stock = open.runtime.stock;
    if (stock === undefined) continue;
    // As for documents: a paused or revoked connection is sent nothing (its levels wait, nothing is lost).
    for (const connection of await deps.sources.connections(open.adapter.system))
      if (connection.state !== 'paused' && connection.state !== 'revoked' && stock.wanted(connection))
        wanting.push({ open, connection });
  }
  if (wanting.length === 0) return [];
  const followed = await stockTenant(deps.pool);
  if (followed === undefined)
    deps.logger.warn(
      'stock is not sent: no Fortnox company can be chosen (several are connected and none is the default, or the default is not connected); set the default company in Settings',
      { stores: wanting.map((w) => `${w.open.adapter.system}:${w.connection.key}`) },
    );
  return followed === tenantId ? wanting : [];
}

export async function syncStock(deps: StockSyncDeps, tenantId: string): Promise<StockSyncResult> {
  const result: StockSyncResult = { connections: 0, read: 0, changed: 0, pushed: 0, requests: 0, unknown: [] };
  const wanting = await followers(deps, tenantId);
  result.connections = wanting.length;
  if (wanting.length === 0) return result; // nobody wants this company's stock: Fortnox is not asked
  const startedAt = (deps.now ?? (() => new Date()))();
  const stored = await readCheckpoint(deps.pool, CHECKPOINT, tenantId);
  const since = stored === undefined ? undefined : new Date(new Date(stored).getTime() - OVERLAP_MS);
  const levels: StockRow[] = [];
  for await (const a of deps.articles(tenantId).stockSince(since))
    levels.push({ sku: a.articleNumber, quantity: a.quantity });
  result.read = levels.length;
  result.changed = await saveStockLevels(deps.pool, tenantId, levels);
  await saveCheckpoint(deps.pool, CHECKPOINT, tenantId, startedAt.toISOString());

  let failure: unknown;
  for (const { open, connection } of wanting) {
    try {
      await pushTo(deps, tenantId, open, connection, result);
    } catch (error) {
      // Another store's failure must not hold this one back; the job is retried for the failed one.
      deps.logger.warn('stock push failed; retried with the same levels', {
        system: open.adapter.system,
        connection: connection.key,
        error,
      });
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
  return result;
}

async function pushTo(
  deps: StockSyncDeps,
  tenantId: string,
  { adapter, runtime }: OpenSource,
  connection: SourceConnection,
  result: StockSyncResult,
): Promise<void> {
  const stock = runtime.stock!;
  const pending = await pendingStock(deps.pool, tenantId, adapter.system, connection.key);
  const size = Math.max(1, stock.batchSize);
  for (let i = 0; i < pending.length; i += size) {
    const batch = pending.slice(i, i + size);
    const answer = await stock.push({ connection, logger: deps.logger, signal: deps.signal }, batch);
    result.requests += answer.requests;
    result.pushed += answer.pushed;
    const fresh = await recordStockPush(deps.pool, {
      tenantId,
      system: adapter.system,
      connection: connection.key,
      sent: batch,
      refused: answer.refused,
    });
    if (fresh.length > 0) {
      result.unknown.push(...fresh);
      deps.logger.warn(
        `${fresh.length} Fortnox article(s) have no product with that SKU in ${adapter.label}; their stock is not sent until it changes again`,
        {
          system: adapter.system,
          connection: connection.key,
          skus: fresh.slice(0, 50),
          more: Math.max(0, fresh.length - 50),
        },
      );
    }
  }
}
