import type { Order } from '@commercetools/platform-sdk';
import express from 'express';
import {
  Clock,
  type FaultInput,
  type FaultSpec,
  Faults,
  faultGate,
  type RequestSeen,
  RequestStats,
  send,
  serveEmulator,
} from '../kit/index.ts';
import { apiHandler } from './api-router.ts';
import { authRoutes } from './auth-routes.ts';
import { controlRoutes, orderRef } from './control-routes.ts';
import { createVia, type Internal, updateVia } from './internal.ts';
import { resourceKinds } from './kinds.ts';
import type { Message, MessageLog } from './messages.ts';
import { type ApiClient, AuthServer, type TokenAnswer } from './oauth.ts';
import { type CommercetoolsEmulatorOptions, resolveOptions } from './options.ts';
import type { Versioned } from './repo.ts';
import { seedBuiltIns, seedDemo } from './seed.ts';
import { type PlaceOrder, placeOrder, setStates, syncInfo, touch } from './shop.ts';
import { addReturn, cancel, capture, refund } from './shop-after-sale.ts';
import { shopPage } from './shop-page.ts';
import { PAGE_ACTOR, ProjectState } from './state.ts';
import { SubscriptionQueues } from './subscriptions.ts';

export type { Message } from './messages.ts';
export type { ApiClient, TokenAnswer } from './oauth.ts';
export { allScopes, type CommercetoolsEmulatorOptions, DEMO_CLIENT, DEMO_PROJECT } from './options.ts';
export { DEMO_SKUS } from './seed.ts';

/** What `startCommercetoolsEmulator` resolves to: the URL plus the levers tests and the fault suite pull. */
export interface CommercetoolsEmulator {
  /** One server is both hosts: the API (`${url}/{projectKey}/…`) and auth (`${url}/oauth/token`). */
  url: string;
  projectKey: string;
  close(): Promise<void>;
  project: ProjectState;
  clock: Clock;
  faults: Faults;
  stats: RequestStats;
  auth: AuthServer;
  messages: MessageLog;
  subscriptions: SubscriptionQueues;
  mintToken(o?: { clientId?: string; scopes?: string[] }): TokenAnswer;
  addClient(client: ApiClient): void;
  advanceClock(ms: number): number;
  injectFault(f: FaultInput): FaultSpec;
  clearFaults(): void;
  placeOrder(spec: PlaceOrder): Order;
  capture(order: string, amount?: number): Order;
  refund(order: string, amount?: number): Order;
  addReturn(order: string, spec?: Parameters<typeof addReturn>[2]): Order;
  cancel(order: string): Order;
  setStates(order: string, s: Parameters<typeof setStates>[2]): Order;
  /** Another integration changes the order: its version moves on, no message. */
  touch(order: string): Order;
  order(ref: string): Order;
  syncInfo(order: string): ReturnType<typeof syncInfo>;
  create<T extends Versioned>(path: string, body: unknown, store?: string): T;
  update<T extends Versioned>(
    path: string,
    id: string,
    actions: Array<{ action: string } & Record<string, unknown>>,
  ): T;
  configureMessages(c: { enabled?: boolean; deleteDaysAfterCreation?: number }): void;
  waitForMessage(test: (m: Message) => boolean): Promise<Message>;
  waitForRequest(match: (r: RequestSeen) => boolean): Promise<RequestSeen>;
}

const ERROR_CT = 'application/json; charset=utf-8';

export async function startCommercetoolsEmulator(
  options: CommercetoolsEmulatorOptions = {},
): Promise<CommercetoolsEmulator> {
  const opts = resolveOptions(options);
  const clock = new Clock();
  const faults = new Faults(clock, opts.faultSeed);
  const stats = new RequestStats();
  const project = new ProjectState(clock, opts);
  seedBuiltIns(project);
  const kinds = resourceKinds(project);
  if (opts.seedDemo) seedDemo(project, kinds);
  const auth = new AuthServer(clock, opts.clients, opts.accessTokenTtlSeconds);
  const queues = new SubscriptionQueues(project);
  const env: Internal = { project, kinds };
  // commercetools publishes no rate limit; overload shows as 502/503 in its error envelope [reference B8].
  const failure = (status: number) => ({
    status,
    contentType: ERROR_CT,
    body: JSON.stringify({
      statusCode: status,
      message: 'Service unavailable.',
      errors: [{ code: status === 503 ? 'OverCapacity' : 'General', message: 'Service unavailable.' }],
    }),
  });
  const gate = (target: string) =>
    faultGate({
      faults,
      stats,
      target,
      // The project key scopes API requests; token requests name no project (stats: "unauthenticated").
      scopeOf: (req) => (target === 'api' ? req.path.split('/').filter(Boolean)[0] : undefined),
      failure,
      rateLimited: () => ({
        ...failure(429),
        body: JSON.stringify({
          statusCode: 429,
          message: 'Too Many Requests',
          errors: [{ code: 'General', message: 'Too Many Requests' }],
        }),
      }),
    });
  const app = express();
  app.disable('x-powered-by');
  if (opts.controlApi) app.use('/__control', controlRoutes({ ...env, clock, faults, stats, auth, queues }));
  app.use('/oauth', gate('token'), authRoutes(auth));
  app.get('/', (_req, res) => send(res, 200, shopPage(env), 'text/html; charset=utf-8'));
  app.use(gate('api'), apiHandler({ project, kinds, verify: (t) => auth.verify(t) }));
  const server = await serveEmulator({ port: opts.port, host: opts.host, app });
  const id = (ref: string) => orderRef(env, ref).id;
  return {
    url: server.url,
    projectKey: project.key,
    close: () => server.close(),
    project,
    clock,
    faults,
    stats,
    auth,
    messages: project.messages,
    subscriptions: queues,
    mintToken: (o = {}) => {
      const client = auth.client(o.clientId ?? opts.clients[0]?.id ?? '');
      if (!client) throw new Error('no such API client');
      return auth.mint(client, o.scopes ?? client.scopes);
    },
    addClient: (c) => auth.addClient(c),
    advanceClock: (ms) => clock.advance(ms),
    injectFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    placeOrder: (spec) => placeOrder(env, spec),
    capture: (o, amount) => capture(env, id(o), amount),
    refund: (o, amount) => refund(env, id(o), amount),
    addReturn: (o, spec) => addReturn(env, id(o), spec),
    cancel: (o) => cancel(env, id(o)),
    setStates: (o, s) => setStates(env, id(o), s),
    touch: (o) => touch(env, id(o)),
    order: (ref) => orderRef(env, ref),
    syncInfo: (o) => syncInfo(env, id(o)),
    create: (path, body, store) => createVia(env, path, body, PAGE_ACTOR, store),
    update: <T extends Versioned>(
      path: string,
      rid: string,
      actions: Array<{ action: string } & Record<string, unknown>>,
    ) => updateVia<T>(env, path, rid, actions, PAGE_ACTOR).resource,
    configureMessages: (c) => {
      project.messages.config = { ...project.messages.config, ...c };
    },
    waitForMessage: (test) => project.messages.waitFor(test),
    waitForRequest: (match) => stats.next(match),
  };
}
