import { decryptSecret, encryptSecret } from '../core/crypto.ts';
import { AppError } from '../core/errors.ts';
import type { ConnectionDirectory, ConnectionSeed, ConnectionState, SourceConnection } from '../sources/source.ts';
import type { Queryable } from './connection.ts';

/**
 * `source_connections`: every store, site, org, project or register a source system is connected
 * with. Credentials are sealed with the same AES-256-GCM key as the Fortnox tokens and opened only
 * here; settings are validated by the adapter's schema on every read, so a value an older release
 * stored is reported with the connection instead of silently replaced by a default.
 */

interface Row {
  system: string;
  key: string;
  label: string | null;
  state: ConnectionState;
  credentials_enc: string | null;
  settings: unknown;
  last_error: string | null;
  web_url: string | null;
}

export type SettingsParser = (system: string, settings: unknown) => unknown;

function toConnection(row: Row, key: Buffer, parse: SettingsParser): SourceConnection {
  let settings: unknown;
  try {
    settings = parse(row.system, row.settings);
  } catch (cause) {
    throw new AppError(`Settings of ${row.system}:${row.key} are invalid`, {
      code: 'source_settings_invalid',
      category: 'config',
      retryable: false,
      cause,
      userMessage: `The settings of the ${row.system} connection “${row.label ?? row.key}” are not valid; correct them in the dashboard.`,
    });
  }
  return {
    system: row.system,
    key: row.key,
    label: row.label,
    state: row.state,
    settings,
    credentials: row.credentials_enc === null ? undefined : JSON.parse(decryptSecret(row.credentials_enc, key)),
    lastError: row.last_error,
    ...(row.web_url === null ? {} : { webUrl: row.web_url }),
  };
}

const COLUMNS = 'system, key, label, state, credentials_enc, settings, last_error, web_url';

export function connectionDirectory(db: Queryable, key: Buffer, parse: SettingsParser): ConnectionDirectory {
  return {
    list: async (system) => {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM source_connections WHERE system = $1 ORDER BY key`, [
        system,
      ]);
      return rows.map((row) => toConnection(row, key, parse));
    },
    get: async (system, connectionKey) => {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM source_connections WHERE system = $1 AND key = $2`, [
        system,
        connectionKey,
      ]);
      return rows[0] === undefined ? undefined : toConnection(rows[0], key, parse);
    },
    markError: async (system, connectionKey, message) => {
      await db.query(
        `UPDATE source_connections SET last_error = $3, updated_at = now() WHERE system = $1 AND key = $2 AND last_error IS DISTINCT FROM $3`,
        [system, connectionKey, message],
      );
    },
    clearError: async (system, connectionKey) => {
      await db.query(
        `UPDATE source_connections SET last_error = NULL, updated_at = now() WHERE system = $1 AND key = $2 AND last_error IS NOT NULL`,
        [system, connectionKey],
      );
    },
    touch: async (system, connectionKey) => {
      // Every webhook touches its connection: a burst of thousands would queue on the row's lock, so
      // the time is moved at most every 10 s (the dashboard shows "last event" to the minute).
      await db.query(
        `UPDATE source_connections SET last_event_at = now()
          WHERE system = $1 AND key = $2 AND (last_event_at IS NULL OR last_event_at < now() - interval '10 seconds')`,
        [system, connectionKey],
      );
    },
    noteWebUrl: async (system, connectionKey, url) => {
      // Only web links are kept (the column checks it too): a link on the console must never run script.
      if (!/^https?:\/\//.test(url)) return;
      await db.query(
        'UPDATE source_connections SET web_url = $3 WHERE system = $1 AND key = $2 AND web_url IS DISTINCT FROM $3',
        [system, connectionKey, url.replace(/\/+$/, '')],
      );
    },
  };
}

/** Creates the connections the environment defines; an existing one keeps its settings and state. */
export async function seedConnections(db: Queryable, system: string, seeds: readonly ConnectionSeed[]): Promise<void> {
  for (const seed of seeds) {
    await db.query(
      `INSERT INTO source_connections (system, key, label, settings) VALUES ($1, $2, $3, $4)
       ON CONFLICT (system, key) DO UPDATE SET label = EXCLUDED.label WHERE source_connections.label IS DISTINCT FROM EXCLUDED.label`,
      [system, seed.key, seed.label, JSON.stringify(seed.settings ?? {})],
    );
  }
}

/** A new or updated connection from the dashboard (credentials sealed before they reach the table). */
export async function saveConnection(
  db: Queryable,
  key: Buffer,
  c: { system: string; key: string; label: string; credentials?: unknown; settings?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO source_connections (system, key, label, credentials_enc, settings, state, last_error)
     VALUES ($1, $2, $3, $4, $5, 'active', NULL)
     ON CONFLICT (system, key) DO UPDATE SET label = EXCLUDED.label,
       credentials_enc = COALESCE(EXCLUDED.credentials_enc, source_connections.credentials_enc),
       settings = source_connections.settings || EXCLUDED.settings, state = 'active', last_error = NULL, updated_at = now()`,
    [
      c.system,
      c.key,
      c.label,
      c.credentials === undefined ? null : encryptSecret(JSON.stringify(c.credentials), key),
      JSON.stringify(c.settings ?? {}),
    ],
  );
}

export async function setConnectionState(
  db: Queryable,
  system: string,
  key: string,
  state: ConnectionState,
  error?: string,
): Promise<void> {
  await db.query(
    `UPDATE source_connections SET state = $3, last_error = COALESCE($4, last_error), updated_at = now() WHERE system = $1 AND key = $2`,
    [system, key, state, error ?? null],
  );
}

/** Replaces a connection's settings (already validated by the adapter's schema). */
export async function saveConnectionSettings(
  db: Queryable,
  system: string,
  key: string,
  settings: unknown,
): Promise<void> {
  await db.query(`UPDATE source_connections SET settings = $3, updated_at = now() WHERE system = $1 AND key = $2`, [
    system,
    key,
    JSON.stringify(settings),
  ]);
}
