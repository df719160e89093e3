import { AppError } from '../core/errors.ts';
import { type SyncSettings, syncSettingsSchema } from '../core/settings.ts';
import type { Queryable } from './connection.ts';

/**
 * Settings as stored: one row per key, scope 'global' or a tenant id (tenant rows win). Keys are the
 * camelCase names of SyncSettings. A stored value that no longer validates is a configuration error
 * a person must fix, so it is reported with the key instead of silently falling back to the default.
 */
export async function loadSettings(db: Queryable, tenantId?: string): Promise<SyncSettings> {
  const scopes = tenantId === undefined ? ['global'] : ['global', tenantId];
  const { rows } = await db.query<{ scope: string; key: string; value: unknown }>(
    `SELECT scope, key, value FROM settings WHERE scope = ANY($1) ORDER BY (scope = 'global') DESC`,
    [scopes],
  );
  const merged: Record<string, unknown> = {};
  for (const row of rows) merged[row.key] = row.value;
  const parsed = syncSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const keys = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))].join(', ');
    throw new AppError(`Stored settings are invalid (${keys}): ${parsed.error.message}`, {
      code: 'settings_invalid',
      category: 'config',
      retryable: false,
      userMessage: `The sync settings ${keys} are not valid; correct them in the dashboard.`,
    });
  }
  return parsed.data;
}

export async function saveSetting<K extends keyof SyncSettings>(
  db: Queryable,
  key: K,
  value: SyncSettings[K],
  scope = 'global',
): Promise<void> {
  const check = syncSettingsSchema.shape[key].safeParse(value);
  if (!check.success) {
    throw new AppError(`Invalid value for setting ${key}: ${check.error.message}`, {
      code: 'settings_invalid',
      category: 'validation',
      retryable: false,
    });
  }
  await db.query(
    `INSERT INTO settings (scope, key, value) VALUES ($1, $2, $3)
     ON CONFLICT (scope, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [scope, key, JSON.stringify(value)],
  );
}
