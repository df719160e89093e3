import type pg from 'pg';
import { saveConnection } from '../../db/source-connections.repo.ts';
import type { ConnectionDirectory } from '../source.ts';

/**
 * The SIE connection a file is imported for (one per register or location): created on its first
 * file, its location taken from the file's request or else kept from before (default: the key).
 */

export const SIE_CONNECTION_KEY = /^[a-z0-9-]{1,20}$/;

export async function sieConnection(
  pool: pg.Pool,
  key: Buffer,
  connections: ConnectionDirectory,
  connection: string,
  location: string | undefined,
): Promise<string> {
  const existing = await connections.get('sie', connection);
  const stored = (existing?.settings ?? {}) as { location?: string | null };
  const resolved = location ?? stored.location ?? connection;
  if (existing === undefined || (location !== undefined && stored.location !== location))
    await saveConnection(pool, key, {
      system: 'sie',
      key: connection,
      label: `SIE ${resolved}`,
      settings: { location: resolved },
    });
  return resolved;
}
