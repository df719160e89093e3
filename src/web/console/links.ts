import type { Config } from '../../config.ts';
import type { ConsoleRecord } from '../../db/console-records.repo.ts';
import { sourceAdapter } from '../../sources/registry.ts';
import type { ConnectionDirectory, SourceConnection } from '../../sources/source.ts';

/**
 * Both sides of a record for people: what the source calls itself and the record, where to open it
 * there (the adapter's `recordUrl`), and where to open the Fortnox document. Only the registry is
 * asked, so a new source shows up here without this file changing.
 */

export const sourceLabel = (system: string): string => sourceAdapter(system)?.label ?? system;

/** "order", "Opportunity" — the adapter's own word for the record, the raw object name otherwise. */
export function objectWord(system: string, object: string): string {
  const words = sourceAdapter(system)?.objects[object]?.words;
  return words?.informal ?? words?.document ?? object;
}

/** Looks connections up once per page, however many of its rows share one. */
export function sourceLinker(connections: ConnectionDirectory, config: Readonly<Record<string, unknown>>) {
  const cache = new Map<string, Promise<SourceConnection | undefined>>();
  return async (
    r: Pick<ConsoleRecord, 'system' | 'connection' | 'object' | 'sourceId'>,
  ): Promise<string | undefined> => {
    const adapter = sourceAdapter(r.system);
    if (adapter?.recordUrl === undefined) return undefined;
    const key = `${r.system}\u0000${r.connection}`;
    if (!cache.has(key))
      cache.set(
        key,
        connections.get(r.system, r.connection).catch(() => undefined),
      );
    const connection = await cache.get(key);
    if (connection === undefined) return undefined;
    const url = adapter.recordUrl(
      connection,
      {
        system: r.system,
        connection: r.connection,
        object: r.object,
        id: r.sourceId,
      },
      config,
    );
    // Only web links: an adapter's bug must never put a javascript: URL on the page.
    return url !== undefined && /^https?:\/\//.test(url) ? url : undefined;
  };
}

export function fortnoxUrl(
  config: Pick<Config, 'FORTNOX_DOCUMENT_URL' | 'FORTNOX_AUTH_URL'>,
  r: Pick<ConsoleRecord, 'tenantId' | 'kind' | 'fortnoxNumber'>,
): string | undefined {
  if (r.fortnoxNumber === null || r.tenantId === 'unrouted') return undefined;
  const template = config.FORTNOX_DOCUMENT_URL ?? `${config.FORTNOX_AUTH_URL.replace(/\/+$/, '')}/`;
  return template
    .replaceAll('{tenant}', encodeURIComponent(r.tenantId))
    .replaceAll('{kind}', encodeURIComponent(r.kind))
    .replaceAll('{number}', encodeURIComponent(r.fortnoxNumber));
}
