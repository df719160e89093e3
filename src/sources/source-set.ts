import type { SourceRef } from '../core/documents.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { seedConnections } from '../db/source-connections.repo.ts';
import { requireSource, SOURCES } from './registry.ts';
import type { SourceAdapter, SourceConnection, SourceHandle, SourceRuntime, SourceServices } from './source.ts';

/**
 * The registered sources as one process holds them: each adapter with its runtime (clients,
 * sessions), and the lookups the core's jobs need — which adapter a reference belongs to, which
 * connection, and whether that connection may be used now.
 */

export interface OpenSource {
  adapter: SourceAdapter;
  runtime: SourceRuntime;
}

export interface SourceSet {
  all(): readonly OpenSource[];
  of(system: string): OpenSource;
  /** The connection of a reference; a paused, revoked or unknown one is a person's problem, said plainly. */
  connection(ref: Pick<SourceRef, 'system' | 'connection'>): Promise<SourceConnection>;
  /** Every connection of a system (any state). */
  connections(system: string): Promise<SourceConnection[]>;
  /** Checks a job's reference against its adapter (known system, valid id, known object). */
  check(ref: SourceRef): OpenSource;
  /** Starts every adapter's listeners and pollers (worker). */
  start(logger: Logger): Promise<SourceHandle[]>;
  close(): Promise<void>;
}

function unusable(ref: Pick<SourceRef, 'system' | 'connection'>, label: string, code: string, why: string): AppError {
  return new AppError(`Source connection ${ref.system}:${ref.connection} ${why}`, {
    code,
    category: 'config',
    retryable: false,
    userMessage: `The ${label} connection “${ref.connection}” ${why}; records from it wait until it is active again.`,
  });
}

export function openSources(services: SourceServices, adapters: readonly SourceAdapter[] = SOURCES): SourceSet {
  const open = new Map(adapters.map((adapter) => [adapter.system, { adapter, runtime: adapter.open(services) }]));
  const of = (system: string): OpenSource => {
    const found = open.get(system);
    if (found === undefined) requireSource(system); // throws the plain "unknown source" error
    return found!;
  };
  return {
    all: () => [...open.values()],
    of,
    connection: async (ref) => {
      const { adapter } = of(ref.system);
      const connection = await services.connections.get(ref.system, ref.connection);
      if (connection === undefined) throw unusable(ref, adapter.label, 'source_not_connected', 'is not connected');
      if (connection.state === 'paused') throw unusable(ref, adapter.label, 'source_paused', 'is paused');
      if (connection.state === 'revoked') {
        throw unusable(ref, adapter.label, 'source_revoked', 'was revoked; reconnect it in the dashboard');
      }
      return connection;
    },
    connections: (system) => services.connections.list(system),
    check: (ref) => {
      const found = of(ref.system);
      const object = found.adapter.objects[ref.object];
      const id = found.adapter.idSchema.safeParse(ref.id);
      if (object === undefined || !id.success) {
        throw new AppError(`Not a ${found.adapter.label} ${ref.object} reference: ${ref.id}`, {
          code: 'source_reference_invalid',
          category: 'validation',
          retryable: false,
        });
      }
      return found;
    },
    start: async (logger) => {
      const handles: SourceHandle[] = [];
      for (const { adapter, runtime } of open.values()) {
        if (runtime.start === undefined) continue;
        handles.push(await runtime.start());
        logger.info('source started', { system: adapter.system });
      }
      return handles;
    },
    close: async () => {
      for (const { runtime } of open.values()) await runtime.close?.();
    },
  };
}

/** The connections every adapter's environment defines, created once at start. */
export async function seedSourceConnections(
  services: Pick<SourceServices, 'pool' | 'config'>,
  adapters = SOURCES,
): Promise<void> {
  for (const adapter of adapters) {
    const seeds = adapter.connectionsFromConfig?.(services.config) ?? [];
    if (seeds.length > 0) await seedConnections(services.pool, adapter.system, seeds);
  }
}

/** Parses a stored connection's settings with its adapter's schema (defaults applied). */
export function parseConnectionSettings(system: string, settings: unknown): unknown {
  return requireSource(system).settingsSchema.parse(settings ?? {});
}
