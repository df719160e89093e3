// startSalesforceEmulator: one in-memory org serving OAuth, REST, CometD streaming, the
// /__control fault API and the sales page on a single port (0 = any free port).
import express from 'express';
import { Clock, faultGate, Faults as KitFaults, RequestStats, serveEmulator } from '../kit/index.ts';
import { controlApi } from './control/control-api.ts';
import { Faults } from './control/faults.ts';
import type { SalesforceEmulatorHandle } from './control/handle.ts';
import { createHandle } from './control/handle.ts';
import { Database } from './data/database.ts';
import { INTEGRATION_USER, SALES_USER, seedDemoData, seedOrg } from './data/seed.ts';
import { devCertificate } from './oauth/jwt.ts';
import { SessionStore } from './oauth/sessions.ts';
import type { ConnectedApp } from './oauth/token-endpoint.ts';
import { oauthRouter } from './oauth/token-endpoint.ts';
import type { Org } from './org.ts';
import { ApiUsage } from './rest/api-usage.ts';
import { restApi } from './rest/rest-api.ts';
import { buildSchema } from './schema/schema.ts';
import { BayeuxServer } from './streaming/bayeux-server.ts';
import { CdcPublisher } from './streaming/cdc-publisher.ts';
import { EventLog, RETENTION_72H } from './streaming/event-log.ts';
import { salesPage } from './ui/sales-page.ts';

export type { SalesforceEmulatorHandle } from './control/handle.ts';
export { DEV_CERTIFICATE_PATH, DEV_PRIVATE_KEY_PATH, devPrivateKey, signAssertion } from './oauth/jwt.ts';
export type { ConnectedApp } from './oauth/token-endpoint.ts';

export const DEMO_CLIENT_ID = 'demo-client';
export const DEMO_CLIENT_SECRET = 'demo-secret';
export const DEMO_USERNAME = INTEGRATION_USER.username;
export const DEMO_PASSWORD = 'demo-password';

export type SalesforceEmulatorOptions = {
  port?: number;
  host?: string;
  /** Newest API version served (/services/data lists v31.0 up to this). */
  latestVersion?: string;
  dailyApiLimit?: number;
  /** Session inactivity timeout (Salesforce default 2 h). */
  sessionTimeoutMs?: number;
  replayRetentionMs?: number;
  longPollTimeoutMs?: number;
  clientTimeoutMs?: number;
  queryBatchSize?: number;
  /** Extra connected apps; the demo app (demo-client/demo-secret, dev certificate) is always there. */
  apps?: ConnectedApp[];
  /** PEM certificate or public key for the demo app's JWT bearer flow (default: dev-keys/). */
  jwtCertificate?: string;
  /** Password of the seeded users for the username-password flow. */
  password?: string;
  demoData?: boolean;
  metadataDir?: string;
  cdcEntities?: string[];
  stageDerivedFieldsInChangedFields?: boolean;
  orgCurrency?: string;
};

export type SalesforceEmulator = { url: string; close(): Promise<void>; handle: SalesforceEmulatorHandle };

export async function startSalesforceEmulator(opts: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const clock = new Clock();
  const db = new Database(
    buildSchema({ metadataDir: opts.metadataDir, cdcEntities: opts.cdcEntities }),
    clock,
    opts.orgCurrency,
  );
  const seeded = seedOrg(db);
  if (opts.demoData) seedDemoData(db, seeded);
  let url = '';
  const faults = new Faults(new KitFaults(clock));
  const stats = new RequestStats();
  db.guard = (op, _type, id) => faults.checkWrite(op, id);
  const org: Org = {
    db,
    clock,
    seeded,
    faults,
    stats,
    sessions: new SessionStore(clock, seeded.orgId, opts.sessionTimeoutMs ?? 2 * 3_600_000),
    usage: new ApiUsage(clock, opts.dailyApiLimit ?? 15_000),
    events: new EventLog(clock, opts.replayRetentionMs ?? RETENTION_72H),
    baseUrl: () => url,
    queryBatchSize: opts.queryBatchSize ?? 2000,
    latestVersion: opts.latestVersion ?? '64.0',
  };
  const cdc = new CdcPublisher(db, org.events, {
    stageDerivedFieldsInChangedFields: opts.stageDerivedFieldsInChangedFields ?? true,
  });
  const bayeux = new BayeuxServer(org, {
    longPollTimeoutMs: opts.longPollTimeoutMs ?? 110_000,
    clientTimeoutMs: opts.clientTimeoutMs ?? 40_000,
  });
  clock.onAdvance(() => bayeux.kickAll());
  const apps: ConnectedApp[] = [
    {
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      certificate: opts.jwtCertificate ?? devCertificate(),
      runAsUsername: DEMO_USERNAME,
    },
    ...(opts.apps ?? []),
  ];
  const password = opts.password ?? DEMO_PASSWORD;
  const handle = createHandle(org, bayeux, cdc, apps);

  const app = express();
  app.disable('x-powered-by');
  app.use(
    oauthRouter({
      db,
      sessions: org.sessions,
      apps: () => apps,
      orgId: seeded.orgId,
      baseUrl: () => url,
      defaultUsername: DEMO_USERNAME,
      passwords: new Map([
        [INTEGRATION_USER.username, password],
        [SALES_USER.username, password],
      ]),
    }),
  );
  // Kit faults with target 'streaming' hit CometD requests (a hung or dropped long poll…).
  const streamingGate = faultGate({
    faults: faults.kit,
    target: 'streaming',
    failure: (status) => ({ status, contentType: 'text/plain', body: '' }),
    rateLimited: () => ({ status: 429, contentType: 'text/plain', body: '' }),
  });
  // Salesforce caps CometD request bodies at 32,768 bytes.
  app.post('/cometd/:version', streamingGate, express.json({ type: () => true, limit: 32_768 }), (req, res) =>
    bayeux.handle(req, res),
  );
  app.use(restApi(org));
  app.use('/__control', controlApi(handle, { clock, stats }));
  app.use(salesPage(handle));

  const served = await serveEmulator({
    port: opts.port ?? 0,
    host: opts.host ?? '127.0.0.1',
    app,
    // faye probes a WebSocket upgrade first; Salesforce only speaks long-polling and refuses it.
    beforeListen: (server) =>
      server.on('upgrade', (_req, socket) => {
        // Node hands an upgrade's socket over without an error listener: a client killed mid-probe
        // (the fault suite SIGKILLs workers) would reset it and take the whole process down.
        socket.on('error', () => socket.destroy());
        socket.end(
          'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n400 Invalid connection type',
        );
      }),
    beforeClose: () => bayeux.close(),
  });
  url = `http://${opts.host === '0.0.0.0' || !opts.host ? '127.0.0.1' : opts.host}:${served.port}`;
  return { url, handle, close: () => served.close() };
}
