import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stockholmDate } from '../emulators/fortnox/clock.ts';
import { type FortnoxEmulator, startFortnoxEmulator } from '../emulators/fortnox/index.ts';
import { startSalesforceEmulator } from '../emulators/salesforce/index.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { deriveKey } from '../src/core/crypto.ts';
import type { Logger } from '../src/core/logger.ts';
import { saveConnection } from '../src/fortnox/index.ts';
import { type Runtime, startRuntime } from '../src/runtime.ts';
import { forgetReferenceData } from '../src/sink/reference-data.ts';
import type { ListenerSignal } from '../src/sources/salesforce/listener.ts';
import type { SourceAdapter, SourceHandle } from '../src/sources/source.ts';
import type { StatusDeps } from '../src/status/status-deps.ts';
import type { StatusSync } from '../src/status/status-runtime.ts';
import type { TopicsSignal } from '../src/status/topics-subscriber.ts';
import { createWebApp } from '../src/web/app.ts';
import { workerServices } from '../src/worker/services.ts';
import { startWorkerProcess, type WorkerProcess } from '../src/worker/start.ts';

/**
 * The whole product on one machine: both emulators, Postgres (embedded unless a URL is given), and
 * the app's web and worker wired to them with the Fortnox demo tenant already connected. Used by
 * `npm run demo`, the end-to-end tests and the benchmark, so all three exercise the same wiring.
 */

export type SalesforceEmulator = Awaited<ReturnType<typeof startSalesforceEmulator>>;

export interface StackOptions {
  /** Postgres URL; absent → embedded Postgres. */
  databaseUrl?: string;
  appPort?: number;
  fortnoxPort?: number;
  salesforcePort?: number;
  /** Extra environment for the app's config (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  fortnoxOptions?: Parameters<typeof startFortnoxEmulator>[0];
  salesforceOptions?: Parameters<typeof startSalesforceEmulator>[0];
  logger?: Logger;
  observe?: (signal: ListenerSignal) => void;
  /** Start the worker's job handlers and listener (default true). */
  worker?: boolean;
  /** Fortnox WebSocket progress (subscribed, each event stored, disconnects). */
  observeTopics?: (signal: TopicsSignal) => void;
  /** Connect the Fortnox demo tenant before starting (default true); false: connect it through the pages. */
  connectFortnox?: boolean;
  /** The sources the worker serves (default: the registry's); tests add in-memory ones. */
  adapters?: readonly SourceAdapter[];
  /** Per-source seams beyond Salesforce's (see each adapter's runtime options). */
  sourceOptions?: { woocommerce?: Record<string, unknown>; stripe?: Record<string, unknown> };
}

export interface Stack {
  config: Config;
  runtime: Runtime;
  fortnox: FortnoxEmulator;
  salesforce: SalesforceEmulator;
  /** Every source's listeners (the Salesforce stream); a test may stop it and start its own. */
  listener: SourceHandle | undefined;
  /** Status poller schedules and the Fortnox WebSocket subscriber (with the worker). */
  status: StatusSync | undefined;
  statusDeps: StatusDeps | undefined;
  appUrl: string;
  stop(): Promise<void>;
}

export const DEMO_TENANT = '1001';

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // A fresh Fortnox emulator knows none of the articles an earlier stack in this process created.
  forgetReferenceData();
  const fortnox = await startFortnoxEmulator({
    port: options.fortnoxPort ?? 0,
    autoApprove: true,
    ...options.fortnoxOptions,
  });
  const salesforce = await startSalesforceEmulator({ port: options.salesforcePort ?? 0, ...options.salesforceOptions });
  const config = loadConfig('all', {
    ...process.env,
    FORTNOX_API_URL: fortnox.url,
    FORTNOX_AUTH_URL: fortnox.url,
    SALESFORCE_LOGIN_URL: salesforce.url,
    PORT: String(options.appPort ?? 0),
    ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
    ...options.env,
  });
  const runtime = await startRuntime(config, {
    role: 'stack',
    migrate: true,
    supervise: true,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });

  if (options.connectFortnox ?? true) {
    // The demo tenant is connected as if someone had clicked "Connect Fortnox" and approved.
    const minted = fortnox.mintToken({ tenantId: Number(DEMO_TENANT) });
    await saveConnection(runtime.pool, deriveKey(config.ENCRYPTION_KEY), 'authorization_code', {
      accessToken: minted.access_token,
      refreshToken: minted.refresh_token,
      expiresInSeconds: minted.expires_in,
      scope: minted.scope,
      tenantId: DEMO_TENANT,
    });
  }

  let worker: WorkerProcess | undefined;
  let appUrl = '';
  if (options.worker ?? true) {
    worker = await startWorkerProcess(runtime, {
      // "Today" is Fortnox's today: due dates are read against the emulator's clock, which tests move.
      localUrl: () => appUrl,
      today: () => stockholmDate(fortnox.now()),
      lockPollMs: 500,
      sourceOptions: {
        salesforce: { ...(options.observe === undefined ? {} : { observe: options.observe }) },
        // Webhooks a shop registers point at this stack's web app, whose port is known only once it listens.
        woocommerce: { publicUrl: () => appUrl || undefined, ...options.sourceOptions?.woocommerce },
        ...(options.sourceOptions?.stripe === undefined ? {} : { stripe: options.sourceOptions.stripe }),
      },
      ...(options.adapters === undefined ? {} : { adapters: options.adapters }),
      ...(options.observeTopics === undefined ? {} : { observeTopics: options.observeTopics }),
    });
  }
  // The web process mounts every source's webhook and connect routes (/sources/<system>/…).
  const sources = worker?.sources ?? workerServices(runtime, { localUrl: () => appUrl }).sources;
  const server: Server = createServer(createWebApp({ ...runtime, sources }));
  await new Promise<void>((resolve) => server.listen(config.PORT, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stack: Stack = {
    config,
    runtime,
    fortnox,
    salesforce,
    appUrl,
    listener: worker?.listeners,
    status: worker?.status,
    statusDeps: worker?.statusDeps,
    stop: async () => {
      await stack.status?.stop();
      await stack.listener?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.stop(2000);
      await salesforce.close();
      await fortnox.close();
    },
  };
  return stack;
}
