import type pg from 'pg';
import type { z } from 'zod';
import { toAppError } from '../../core/errors.ts';
import { type SyncSettings, syncSettingsSchema } from '../../core/settings.ts';
import { recordConfigChange } from '../../db/config-changes.repo.ts';
import { withTransaction } from '../../db/connection.ts';
import { loadSettings, saveSetting } from '../../db/settings.repo.ts';
import { saveConnectionSettings } from '../../db/source-connections.repo.ts';
import type { JobCatalog } from '../../jobs/catalog.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { retryAfterSettings } from '../../jobs/retry-records.ts';
import { SOURCES } from '../../sources/registry.ts';
import type { ConnectionDirectory } from '../../sources/source.ts';
import type { SettingsSection } from './dashboard-view.ts';
import { formFields, parseForm } from './schema-form.ts';

/**
 * The settings the dashboard edits, in one place for the form and the JSON API: the Fortnox
 * settings (global) and each source connection's own (its adapter's schema). A save validates
 * everything first and names every bad value; then it writes all of it in one transaction, records
 * each change in the audit trail, and retries the records the change can fix.
 */

export interface SettingsDeps {
  pool: pg.Pool;
  queue: JobQueue<JobCatalog>;
  connections: ConnectionDirectory;
}

const prefixOf = (system: string, key: string): string => `${system}.${key}.`;

export async function settingsSections(deps: SettingsDeps): Promise<SettingsSection[]> {
  const sections: SettingsSection[] = [
    {
      title: 'Fortnox',
      prefix: '',
      fields: formFields(syncSettingsSchema),
      values: await loadSettings(deps.pool),
    },
  ];
  for (const adapter of SOURCES) {
    for (const connection of await deps.connections.list(adapter.system)) {
      sections.push({
        title: `${adapter.label} — ${connection.label ?? connection.key}`,
        prefix: prefixOf(adapter.system, connection.key),
        fields: formFields(adapter.settingsSchema as z.ZodObject),
        values: connection.settings as Record<string, unknown>,
      });
    }
  }
  return sections;
}

export interface SaveOutcome {
  problems: string[];
  /** Records the change will try again. */
  retried: number;
}

export async function saveSettingsForm(
  deps: SettingsDeps,
  body: Record<string, unknown>,
  actor: string,
  correlationId: string,
): Promise<SaveOutcome> {
  const global = await loadSettings(deps.pool);
  const core = parseForm(syncSettingsSchema, global, body);
  const problems = [...core.problems];
  const perConnection: {
    system: string;
    key: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  }[] = [];
  for (const adapter of SOURCES) {
    for (const connection of await deps.connections.list(adapter.system)) {
      const before = connection.settings as Record<string, unknown>;
      const parsed = parseForm(
        adapter.settingsSchema as z.ZodObject,
        before,
        body,
        prefixOf(adapter.system, connection.key),
      );
      problems.push(...parsed.problems);
      if (Object.keys(parsed.values).length > 0) {
        perConnection.push({
          system: adapter.system,
          key: connection.key,
          before,
          after: { ...before, ...parsed.values },
        });
      }
    }
  }
  if (problems.length > 0) return { problems, retried: 0 };
  return {
    problems,
    retried: await persist(deps, global, core.values as Partial<SyncSettings>, perConnection, actor, correlationId),
  };
}

/** The JSON API's save of the Fortnox settings: a partial object, strictly validated. */
export async function saveCoreSettings(
  deps: SettingsDeps,
  values: Partial<SyncSettings>,
  actor: string,
  correlationId: string,
): Promise<number> {
  return persist(deps, await loadSettings(deps.pool), values, [], actor, correlationId);
}

async function persist(
  deps: SettingsDeps,
  global: SyncSettings,
  values: Partial<SyncSettings>,
  perConnection: { system: string; key: string; before: Record<string, unknown>; after: Record<string, unknown> }[],
  actor: string,
  correlationId: string,
): Promise<number> {
  await withTransaction(deps.pool, async (client) => {
    for (const [key, value] of Object.entries(values)) {
      await saveSetting(client, key as keyof SyncSettings, value as never);
      await recordConfigChange(client, {
        actor,
        scope: 'global',
        key,
        before: global[key as keyof SyncSettings],
        after: value,
      });
    }
    for (const c of perConnection) {
      await saveConnectionSettings(client, c.system, c.key, c.after);
      for (const key of Object.keys(c.after)) {
        await recordConfigChange(client, {
          actor,
          scope: `source:${c.system}:${c.key}`,
          key,
          before: c.before[key],
          after: c.after[key],
        });
      }
    }
  });
  const changed = (Object.keys(values) as (keyof SyncSettings)[]).filter(
    (key) => JSON.stringify(global[key]) !== JSON.stringify(values[key]),
  );
  return retryAfterSettings(deps.pool, deps.queue, changed, correlationId);
}

/** The sections, or the plain reason a stored value no longer validates. */
export async function sectionsOrError(deps: SettingsDeps): Promise<{ sections?: SettingsSection[]; error?: string }> {
  try {
    return { sections: await settingsSections(deps) };
  } catch (error) {
    return { error: toAppError(error).userMessage };
  }
}
