import express from 'express';
import { type FaultSpec, type ScopeStats, serveEmulator } from '../kit/index.ts';
import { apiRouter } from './api-routes.ts';
import { controlRouter } from './control-routes.ts';
import { type FaultInput, FortnoxFault } from './faults.ts';
import { type FinanceAction, type FinanceOutcome, financeRouter, runFinanceAction } from './finance-page.ts';
import { oauthRouter } from './oauth-routes.ts';
import type { TokenAnswer } from './oauth-store.ts';
import { type FortnoxEmulatorOptions, resolveOptions } from './options.ts';
import type { FortnoxEvent } from './state.ts';
import { EmulatorState, type MintOptions } from './state.ts';
import type { Tenant, TenantInit } from './tenant.ts';
import { attachTopics, TOPICS_PATH, type TopicsServer } from './topics.ts';

export type { FaultSpec } from '../kit/index.ts';
export type { FaultInput } from './faults.ts';
export type { FinanceAction, FinanceOutcome } from './finance-page.ts';
export type { TokenAnswer } from './oauth-store.ts';
export type { FortnoxEmulatorOptions, OAuthApp, Quirks } from './options.ts';
export { DEMO_APP, DEMO_TENANT_ID } from './options.ts';
export type { FortnoxEvent } from './state.ts';
/** One tenant's /3/ counters (the kit's per-scope stats). */
export type TenantStats = ScopeStats;

/** What `startFortnoxEmulator` resolves to: the URL plus in-process levers. */
export interface FortnoxEmulator {
  /** Base URL for both hosts: `${url}/3/...` (api.fortnox.se) and `${url}/oauth-v1/...` (apps.fortnox.se). */
  url: string;
  close(): Promise<void>;
  /** Raw state, for assertions that need more than the helpers below. */
  state: EmulatorState;
  /** Events on every invoice/payment/order change: `events.on('event', (e: FortnoxEvent) => …)`. */
  events: EmulatorState['env']['events'];
  mintToken(o?: MintOptions): TokenAnswer;
  createTenant(init: TenantInit): Tenant;
  tenant(id: number): Tenant;
  revokeConsent(tenantId: number, clientId?: string): number;
  advanceClock(ms: number): void;
  now(): number;
  injectFault(f: FaultInput): FaultSpec;
  clearFaults(): void;
  stats(tenantId?: number): TenantStats | Record<string, TenantStats>;
  totalStats(): TenantStats;
  resetStats(): void;
  setRateLimit(s: { max?: number; windowMs?: number; enabled?: boolean }): void;
  finance(
    tenantId: number,
    action: FinanceAction,
    invoiceNumber: string,
    p?: { amount?: number; date?: string },
  ): FinanceOutcome;
  waitForEvent(match: (e: FortnoxEvent) => boolean): Promise<FortnoxEvent>;
  /** The WebSocket topics API (`${wsUrl}`): its event log and open connections. */
  topics: TopicsServer;
  /** `ws://…/topics-v1` on the same port. */
  wsUrl: string;
}

export async function startFortnoxEmulator(options: FortnoxEmulatorOptions = {}): Promise<FortnoxEmulator> {
  const opts = resolveOptions(options);
  const state = new EmulatorState(opts);
  const app = express();
  app.disable('x-powered-by');
  app.use('/oauth-v1', oauthRouter(state));
  app.use('/3', apiRouter(state));
  if (opts.controlApi) app.use('/__control', controlRouter(state));
  app.use(financeRouter(state));
  let topics: TopicsServer | undefined;
  const served = await serveEmulator({
    port: opts.port,
    host: opts.host,
    app,
    beforeListen: (server) => {
      topics = attachTopics(server, state);
    },
    beforeClose: () => topics?.close(),
  });
  if (!topics) throw new Error('the topics server did not attach');
  const url = served.url;
  state.env.baseUrl = url;
  const events = state.env.events;
  return {
    url,
    state,
    events,
    topics,
    wsUrl: `ws://${opts.host}:${served.port}${TOPICS_PATH}`,
    close: () => served.close(),
    mintToken: (o) => state.mintToken(o),
    createTenant: (init) => state.createTenant(init),
    tenant: (id) => state.tenant(id),
    revokeConsent: (tenantId, clientId) => state.oauth.revokeConsent(tenantId, clientId),
    advanceClock: (ms) => state.env.clock.advance(ms),
    now: () => state.env.clock.now(),
    injectFault: (f) => state.faults.add(FortnoxFault.parse(f)),
    clearFaults: () => state.faults.clear(),
    stats: (tenantId) => (tenantId === undefined ? state.stats.all() : state.stats.get(String(tenantId))),
    totalStats: () => state.stats.total(),
    resetStats: () => state.stats.reset(),
    setRateLimit: (s) => {
      state.limiter.update(s);
    },
    finance: (tenantId, action, n, p) => runFinanceAction(state.tenant(tenantId), action, n, p),
    waitForEvent: (match) =>
      new Promise((resolve) => {
        const on = (e: FortnoxEvent): void => {
          if (match(e)) {
            events.off('event', on);
            resolve(e);
          }
        };
        events.on('event', on);
      }),
  };
}
