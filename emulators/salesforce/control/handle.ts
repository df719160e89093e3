// The in-process test/demo handle: direct record access, clock, faults, streaming hooks and
// counters. The /__control HTTP API is a thin wrapper around this object.
import type { JsonRecord } from '../data/format.ts';
import type { ConnectedApp } from '../oauth/token-endpoint.ts';
import type { Org } from '../org.ts';
import type { SRecord } from '../schema/types.ts';
import { executeSoql } from '../soql/executor.ts';
import type { BayeuxServer } from '../streaming/bayeux-server.ts';
import type { CdcPublisher } from '../streaming/cdc-publisher.ts';
import type { StoredEvent } from '../streaming/event-log.ts';
import type { Faults } from './faults.ts';

export type As = {
  /** Runs as this user id (default: the sales user). */ userId?: string /** CDC changeOrigin (default: Lightning UI's). */;
  origin?: string;
};
export const UI_ORIGIN = 'com/salesforce/api/soap/64.0;client=SfdcInternalAPI/';

export type Counters = {
  apiUsed: number;
  apiLimit: number;
  apiTotal: number;
  byEndpoint: Record<string, number>;
  handshakes: number;
  streamingClients: number;
};

export function createHandle(org: Org, bayeux: BayeuxServer, cdc: CdcPublisher, apps: ConnectedApp[]) {
  const { db } = org;
  const ctx = (as: As = {}) => ({ userId: as.userId ?? org.seeded.salesUserId, origin: as.origin ?? UI_ORIGIN });
  return {
    orgId: org.seeded.orgId,
    users: { integrationUserId: org.seeded.integrationUserId, salesUserId: org.seeded.salesUserId },
    standardPricebookId: org.seeded.standardPricebookId,
    apps,
    faults: org.faults as Faults,
    clock: {
      now: () => org.clock.now(),
      /** Moves time forward (sessions, retention, API window, TODAY) and re-polls streaming clients. */
      advance: (ms: number) => org.clock.advance(ms),
    },
    insert: (type: string, fields: Record<string, unknown>, as?: As): string =>
      db.transaction(ctx(as), (tx) => db.insert(tx, type, fields)),
    update: (type: string, id: string, fields: Record<string, unknown>, as?: As): void =>
      db.transaction(ctx(as), (tx) => db.update(tx, type, id, fields)),
    delete: (type: string, id: string, as?: As): void => db.transaction(ctx(as), (tx) => db.delete(tx, type, id)),
    undelete: (id: string, as?: As): void => db.transaction(ctx(as), (tx) => db.undelete(tx, id)),
    get: (id: string): SRecord | undefined => {
      const rec = db.store.get(id)?.rec;
      return rec ? { ...rec } : undefined;
    },
    query: (soql: string): JsonRecord[] => executeSoql(db, soql, { version: org.latestVersion }).records,
    /** Publishes Fortnox_Sync_Request__e (or another event) as if Apex/Flow did. */
    publishEvent: (fields: Record<string, unknown>, eventType = 'Fortnox_Sync_Request__e', as?: As): string =>
      db.transaction(ctx(as), (tx) => db.insert(tx, eventType, fields)),
    publishGap: (
      entity: string,
      changeType: 'GAP_CREATE' | 'GAP_UPDATE' | 'GAP_DELETE' | 'GAP_UNDELETE',
      recordIds: string[],
    ) => cdc.publishGap(entity, changeType, recordIds, org.seeded.integrationUserId),
    publishOverflow: (entity: string) => cdc.publishGap(entity, 'GAP_OVERFLOW', [], org.seeded.integrationUserId),
    cdcOptions: cdc.options,
    retainedEvents: (channel: string): StoredEvent[] => [...org.events.retained(channel)],
    /** A 72 h outage's effect on the stream: every retained event expires (replay ids go invalid). */
    expireRetainedEvents: (): number => org.events.expireAll(),
    /** Resolves with the next event published on `channel` that matches (no sleeping in tests). */
    nextEvent: (channel: string, match: (data: JsonRecord) => boolean = () => true): Promise<JsonRecord> =>
      new Promise((resolve) => {
        const off = org.events.onPublish((ch, event) => {
          if (ch === channel && match(event.data)) {
            off();
            resolve(event.data);
          }
        });
      }),
    /** Mints a session directly (no OAuth round trip), e.g. for a quick REST test. */
    issueToken: (userId = org.seeded.integrationUserId): { accessToken: string; instanceUrl: string } => ({
      accessToken: org.sessions.issue(userId, 'demo-client').token,
      instanceUrl: org.baseUrl(),
    }),
    expireSessions: (): void => {
      org.sessions.expire();
      bayeux.kickAll();
    },
    dropStreamingClients: (mode?: 'unknown-client' | 'kill-sockets'): number => bayeux.dropClients(mode),
    counters: (): Counters => ({
      apiUsed: org.usage.used(),
      apiLimit: org.usage.limit,
      apiTotal: org.usage.total,
      byEndpoint: Object.fromEntries(org.usage.byEndpoint),
      handshakes: bayeux.handshakes,
      streamingClients: bayeux.clients.size,
    }),
    resetCounters: (): void => org.usage.reset(),
  };
}

export type SalesforceEmulatorHandle = ReturnType<typeof createHandle>;
