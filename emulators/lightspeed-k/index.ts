import type { EventEmitter } from 'node:events';
import express, { type Request } from 'express';
import {
  type Clock,
  type FaultInput,
  type FaultSpec,
  Faults,
  faultGate,
  type LimitSettings,
  RequestStats,
  SlidingWindowLimiter,
  serveEmulator,
} from '../kit/index.ts';
import { apiRouter } from './api-routes.ts';
import { buildControlRouter } from './control-routes.ts';
import { correct } from './corrections.ts';
import type { DayInfo } from './days.ts';
import { errorResponse } from './errors.ts';
import type { Business, Location } from './location.ts';
import { oauthRouter } from './oauth-routes.ts';
import { OAuthStore, type TokenAnswer } from './oauth-store.ts';
import {
  DEMO_BUSINESS_ID,
  DEMO_LOCATION_ID,
  type LightspeedEmulatorOptions,
  type LocationInit,
  resolveOptions,
} from './options.ts';
import { pageRouter } from './page.ts';
import type { ApiSale } from './sale-json.ts';
import { type LightspeedEvents, LightspeedState, type StoredSale } from './state.ts';

export type { DayInfo } from './days.ts';
export type { TokenAnswer } from './oauth-store.ts';
export type { LightspeedEmulatorOptions, LocationInit, OAuthClient, Quirks } from './options.ts';
export { DEMO_BUSINESS_ID, DEMO_CLIENT, DEMO_LOCATION_ID, FINANCIAL_SCOPE } from './options.ts';
export type { CorrectionInput, SaleInput } from './sale-input.ts';
export type { ApiPayment, ApiSale } from './sale-json.ts';
export type { LightspeedEvents, SaleEvent, StoredSale } from './state.ts';

/** What `startLightspeedEmulator` resolves to: the URL plus the levers tests, the demo and the fault suite pull. */
export interface LightspeedEmulator {
  /** Base URL of both faces: `${url}/oauth/...` and `${url}/f/...` (api.lsk.lightspeed.app). */
  url: string;
  close(): Promise<void>;
  state: LightspeedState;
  clock: Clock;
  faults: Faults;
  stats: RequestStats;
  events: LightspeedState['events'];
  demo: { businessId: number; locationId: number };
  /** Ring up a sale (the body of `POST /__control/sales`). */
  ringUp(input: unknown): StoredSale;
  /** Take (part of) a sale back: a REFUND sale. */
  refund(input: {
    sale: string;
    location?: number;
    lines?: { sku: string; quantity?: number | string }[];
    method?: string;
  }): StoredSale;
  /** A back-office change: refund, change-payment or cancel (`POST /__control/corrections`). */
  correct(input: unknown): StoredSale;
  closeDay(location?: number, date?: string): DayInfo;
  day(location?: number, date?: string): DayInfo;
  openDay(location?: number): string;
  /** Every sale of a day as the API shows it with every `include`. */
  salesOn(location: number, date: string): ApiSale[];
  addBusiness(init: { businessId?: number; businessName: string }): Business;
  addLocation(businessId: number, init: LocationInit): Location;
  mintToken(o?: { clientId?: string; scope?: string }): TokenAnswer;
  expireTokens(kind?: 'access' | 'refresh' | 'all'): number;
  revokeAccess(clientId?: string): number;
  advanceClock(ms: number): number;
  now(): number;
  injectFault(f: FaultInput): FaultSpec;
  clearFaults(): void;
  setRateLimit(s: Partial<LimitSettings>): LimitSettings;
  /** Resolves at the next event that matches: no polling, no sleep. */
  waitFor<K extends keyof LightspeedEvents>(
    event: K,
    match?: (e: LightspeedEvents[K][0]) => boolean,
  ): Promise<LightspeedEvents[K][0]>;
}

const LOCATION_IN_PATH = /\/(?:business-location|finance)\/(\d+)/;

export async function startLightspeedEmulator(options: LightspeedEmulatorOptions = {}): Promise<LightspeedEmulator> {
  const opts = resolveOptions(options);
  const state = new LightspeedState(opts);
  const faults = new Faults(state.clock);
  const stats = new RequestStats();
  const oauth = new OAuthStore(state.clock, opts);
  const limiter = new SlidingWindowLimiter(state.clock, opts.rateLimit);
  let baseUrl = '';
  const scopeOf = (req: Request): string | undefined => LOCATION_IN_PATH.exec(req.originalUrl)?.[1];
  const gate = (target: string, path: string) =>
    faultGate({
      faults,
      stats,
      target,
      scopeOf,
      failure: (status) => errorResponse(status, path),
      rateLimited: () => errorResponse(429, path, { 'Retry-After': '1' }),
    });

  const app = express();
  app.disable('x-powered-by');
  app.use('/oauth/token', gate('token', '/oauth/token'));
  app.use('/oauth', oauthRouter(oauth, opts));
  app.use('/f', gate('api', '/f'), apiRouter({ state, oauth, limiter, baseUrl: () => baseUrl }));
  if (opts.controlApi) app.use('/__control', buildControlRouter({ state, oauth, faults, stats, limiter }));
  app.use(pageRouter(state, opts.controlApi));
  const server = await serveEmulator({ port: opts.port, host: opts.host, app });
  baseUrl = server.url;

  return {
    url: server.url,
    close: () => server.close(),
    state,
    clock: state.clock,
    faults,
    stats,
    events: state.events,
    demo: { businessId: DEMO_BUSINESS_ID, locationId: DEMO_LOCATION_ID },
    ringUp: (input) => state.ringUp(input),
    refund: (input) => correct(state, { kind: 'refund', ...input }),
    correct: (input) => correct(state, input),
    closeDay: (location, date) => state.closeDay(location, date),
    day: (location, date) => {
      const l = state.location(location);
      return state.dayInfo(l.blID, date ?? state.openDay(l.blID));
    },
    openDay: (location) => state.openDay(location),
    salesOn: (location, date) => state.salesOn(location, date).map((s) => structuredClone(s.sale)),
    addBusiness: (init) => state.addBusiness(init),
    addLocation: (businessId, init) => state.addLocation(businessId, init),
    mintToken: (o) => oauth.mint(o?.clientId, o?.scope),
    expireTokens: (kind = 'access') => oauth.expire(kind),
    revokeAccess: (clientId) => oauth.revoke(clientId),
    advanceClock: (ms) => state.clock.advance(ms),
    now: () => state.clock.now(),
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    setRateLimit: (s) => limiter.update(s),
    waitFor: (event, match) => waitFor(state, event, match),
  };
}

function waitFor<K extends keyof LightspeedEvents>(
  state: LightspeedState,
  event: K,
  match?: (e: LightspeedEvents[K][0]) => boolean,
): Promise<LightspeedEvents[K][0]> {
  // the typed emitter's overloads do not accept a listener generic in K; the plain one does
  const events: EventEmitter = state.events as unknown as EventEmitter;
  return new Promise((resolve) => {
    const on = (e: LightspeedEvents[K][0]): void => {
      if (match && !match(e)) return;
      events.off(event, on);
      resolve(e);
    };
    events.on(event, on);
  });
}
