import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { type FortnoxEmulator, startFortnoxEmulator } from '../../emulators/fortnox/index.ts';
import { startSalesforceEmulator } from '../../emulators/salesforce/index.ts';
import { freePort } from '../../scripts/free-port.ts';
import type { SalesforceEmulator } from '../../scripts/stack.ts';
import { createLogger } from '../../src/core/logger.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrateUp } from '../../src/db/migrate.ts';
import { saveRoutingRules } from '../../src/db/routing.repo.ts';
import { ALL_CHANNELS } from '../../src/sources/salesforce/stream-events.ts';
import { type Catalogue, seedAccounts, seedCatalogue, seedFortnoxArticles, seedOpportunities } from '../seed.ts';
import { within } from '../timing.ts';
import { procfileFlags } from '../worker-child.ts';
import { type AppProcess, ProcessLog, startAppProcess } from './processes.ts';
import { SecretScan } from './secrets.ts';
import {
  type ChaosShops,
  SHOP_SYSTEMS,
  SHOP_TENANT,
  type ShopSystem,
  seedShopArticles,
  startChaosShops,
} from './shops.ts';

/**
 * The product as it runs in production, on one machine, for the fault suite: embedded Postgres
 * (a server of our own, so a scenario can stop and start it), the Fortnox and Salesforce emulators
 * in this process (the outside world), the web process and two worker processes as real children.
 * Two Fortnox companies are connected through the web process's OAuth pages, as an admin would;
 * deals are routed to them by a routing rule on the Opportunity's Fortnox_Company__c.
 */

export const TENANTS = [1001, 1002] as const;
const COMPANY = (k: number): string => `Kaosbolag ${k + 1}`;
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ChaosStack {
  fortnox: FortnoxEmulator;
  salesforce: SalesforceEmulator;
  /** WooCommerce, Stripe and BigCommerce, connected through the connect pages. */
  shops: ChaosShops;
  /** The suite's own connection to the app's database (reads the ledger, scans sync_events). */
  pool: pg.Pool;
  appUrl: string;
  log: ProcessLog;
  secrets: SecretScan;
  web: AppProcess;
  workers: AppProcess[];
  /** Starts (again) worker `i` and resolves once its job handlers run. */
  startWorker(i: number): Promise<AppProcess>;
  startWeb(): Promise<AppProcess>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Open Opportunities, alternating between the two companies; mark them won to start. */
  seedDeals(count: number, label: string): string[];
  /** The company a seeded deal or a shop order (its reference) is routed to. */
  companyOf(deal: string): number;
  /** Connects company `tenantId` through the web process's Connect Fortnox pages; answers the page. */
  connectFortnox(tenantId: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startChaosStack(workDir: string): Promise<ChaosStack> {
  mkdirSync(workDir, { recursive: true });
  const logger = createLogger({ level: 'warn' }).child({ process: 'chaos' });
  const log = new ProcessLog(path.join(workDir, 'processes.log'));
  const secrets = new SecretScan();
  log.onLine((line, from) => secrets.scan(line, from));

  const pgPort = await freePort();
  const pgDir = path.join(workDir, 'postgres');
  let postgres: EmbeddedDatabase | undefined = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, logger });
  const databaseUrl = postgres.url;
  await migrateUp({ url: databaseUrl, ssl: false }, logger);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  // An outage ends the suite's connections too; pg.Pool reconnects on the next query.
  pool.on('error', () => undefined);

  const fortnox = await startFortnoxEmulator({ port: 0, autoApprove: true });
  const salesforce = await startSalesforceEmulator({ port: 0, dailyApiLimit: 10_000_000 });
  for (const tenantId of TENANTS) {
    if (!fortnox.state.tenants.has(tenantId)) fortnox.createTenant({ tenantId, name: `Kaos ${tenantId} AB` });
    await seedFortnoxArticles(fortnox, tenantId);
    await seedShopArticles(fortnox, tenantId);
  }
  const shops = await startChaosShops();
  secrets.addLiteral('demo-secret');
  secrets.addLiteral('0'.repeat(64));
  secrets.addLiteral('demo-password');

  const webPort = await freePort();
  const appUrl = `http://127.0.0.1:${webPort}`;
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    FORTNOX_API_URL: fortnox.url,
    FORTNOX_AUTH_URL: fortnox.url,
    SALESFORCE_LOGIN_URL: salesforce.url,
    PUBLIC_URL: appUrl,
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
    STATUS_POLL_INTERVAL_SECONDS: '20',
    ...shops.env,
  };

  const workerScript = path.join(ROOT, 'src/worker/main.ts');
  const webScript = path.join(ROOT, 'src/web/main.ts');
  const workers: AppProcess[] = [];
  const startWorker = async (i: number): Promise<AppProcess> => {
    const worker = startAppProcess(`worker.${i + 1}`, workerScript, env, log, procfileFlags('worker'));
    workers[i] = worker;
    // A worker killed while it boots (the suite does that on purpose) is simply down again.
    await worker
      .waitForLine((line) => line.includes('"worker started"'), 120_000, 'its job handlers')
      .catch((error) => {
        if (worker.alive()) throw error;
      });
    return worker;
  };
  const startWeb = async (): Promise<AppProcess> => {
    const web = startAppProcess('web', webScript, { ...env, PORT: String(webPort) }, log, procfileFlags('web'));
    stack.web = web;
    await web.waitForLine((line) => line.includes('"web listening"'), 120_000, 'listening');
    return web;
  };

  const connectFortnox = async (tenantId: number): Promise<string> => {
    const get = (url: string, cookie?: string) =>
      fetch(url, { redirect: 'manual', ...(cookie === undefined ? {} : { headers: { cookie } }) });
    const start = await get(`${appUrl}/fortnox/connect`);
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const consent = new URL(start.headers.get('location') ?? '');
    consent.searchParams.set('emulator_tenant', String(tenantId));
    const approved = await get(consent.toString());
    const done = await get(approved.headers.get('location') ?? '', cookie);
    const page = await done.text();
    if (done.status !== 200) throw new Error(`connecting Fortnox ${tenantId} failed (${done.status}): ${page}`);
    return page;
  };

  let catalogue: Catalogue | undefined;
  let accounts: string[] = [];
  let seedRound = 0;
  const companies = new Map<string, number>();
  const seedDeals = (count: number, label: string): string[] => {
    const h = salesforce.handle;
    catalogue ??= seedCatalogue(h);
    if (accounts.length === 0) accounts = seedAccounts(h, 40);
    seedRound++;
    const deals = seedOpportunities(h, catalogue, accounts, count, label, 7 + seedRound, (i) => ({
      Fortnox_Company__c: COMPANY(i % TENANTS.length),
    }));
    for (const [i, deal] of deals.entries()) companies.set(deal, TENANTS[i % TENANTS.length]!);
    return deals;
  };

  const stack: ChaosStack = {
    fortnox,
    salesforce,
    shops,
    pool,
    appUrl,
    log,
    secrets,
    web: undefined as unknown as AppProcess,
    workers,
    startWorker,
    startWeb,
    connectFortnox,
    seedDeals,
    companyOf: (ref) => companies.get(ref) ?? SHOP_TENANT[ref.split(':')[0] as ShopSystem] ?? TENANTS[0],
    stopPostgres: async () => {
      await postgres?.stop();
      postgres = undefined;
    },
    startPostgres: async () => {
      postgres = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, logger });
    },
    stop: async () => {
      for (const p of [...workers, stack.web]) p?.kill('SIGTERM');
      await Promise.race([Promise.all([...workers, stack.web].map((p) => p?.exited)), delay(30_000)]);
      for (const p of [...workers, stack.web]) p?.kill('SIGKILL');
      await pool.end().catch(() => undefined);
      await salesforce.close();
      await shops.close();
      await fortnox.close();
      await postgres?.stop();
      await log.close();
    },
  };

  await startWeb();
  for (const tenantId of TENANTS) await connectFortnox(tenantId);
  await shops.connect(appUrl);
  await saveRoutingRules(pool, [
    ...TENANTS.map((tenantId, k) => ({
      conditions: { field: { name: 'Fortnox_Company__c', equals: COMPANY(k) } },
      tenantId: String(tenantId),
    })),
    ...SHOP_SYSTEMS.map((system) => ({ conditions: { system }, tenantId: String(SHOP_TENANT[system]) })),
  ]);
  // The stream leader subscribes after its handlers run; a deal won before its subscription is
  // answered would be missed on a fresh install (no replay id yet), so wait for every channel.
  let subscribing = 0;
  const subscribed = new Promise<void>((resolve) =>
    log.onLine((line) => {
      if (line.includes('"salesforce streaming subscribing"') && ++subscribing === ALL_CHANNELS.length) resolve();
    }),
  );
  await Promise.all([startWorker(0), startWorker(1)]);
  await within(subscribed, 90_000, 'a worker subscribing to every Salesforce channel');
  await delay(3000);
  return stack;
}

let shared: Promise<ChaosStack> | undefined;

/** One stack for every scenario of a run (booting it takes a minute on a loaded machine). */
export function sharedChaosStack(workDir: string): Promise<ChaosStack> {
  shared ??= startChaosStack(workDir);
  return shared;
}

export async function stopSharedChaosStack(): Promise<void> {
  const stack = await shared?.catch(() => undefined);
  shared = undefined;
  await stack?.stop();
}

/** Worker processes that are down (killed and not restarted yet) come back; resolves when all run. */
export async function restartDeadWorkers(stack: ChaosStack): Promise<void> {
  await Promise.all(stack.workers.map((w, i) => (w.alive() ? undefined : stack.startWorker(i))));
}
