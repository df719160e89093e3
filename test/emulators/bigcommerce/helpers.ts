import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BigCommerceEmulator,
  type BigCommerceEmulatorOptions,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../../emulators/bigcommerce/index.ts';
import { readBody } from '../../../emulators/kit/index.ts';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface TestEmulator {
  emu: BigCommerceEmulator;
  /** A request to `/stores/{store}/…` (path starts with /v2 or /v3) with the demo token unless given. */
  api(method: string, path: string, body?: unknown, o?: { token?: string; store?: string }): Promise<Answer>;
  control(path: string, body: unknown): Promise<Answer>;
  close(): Promise<void>;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function startTest(options: BigCommerceEmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startBigCommerceEmulator({ rateLimit: { enabled: false }, ...options });
  return {
    emu,
    api: async (method, path, body, o = {}) =>
      answer(
        await fetch(`${emu.url}/stores/${o.store ?? DEMO_STORE}${path}`, {
          method,
          headers: {
            'X-Auth-Token': o.token ?? DEMO_TOKEN,
            Accept: 'application/json',
            'Content-Type': 'application/json',
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    control: async (path, body) =>
      answer(await fetch(`${emu.url}/__control${path}`, { method: 'POST', body: JSON.stringify(body) })),
    close: () => emu.close(),
  };
}

export interface Received {
  body: string;
  json: unknown;
  headers: IncomingHttpHeaders;
  path: string;
}

/**
 * A webhook destination on loopback. It answers each callback with the next of `statuses` (then
 * 200); `next()` resolves at the next callback, so tests await deliveries instead of sleeping.
 */
export async function receiver(statuses: number[] = []) {
  const seen: Received[] = [];
  let waiting: ((r: Received) => void)[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const r: Received = { body, json: JSON.parse(body), headers: req.headers, path: req.url ?? '/' };
    seen.push(r);
    res.statusCode = statuses.shift() ?? 200;
    res.end();
    const w = waiting;
    waiting = [];
    for (const resolve of w) resolve(r);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/bigcommerce`;
  return {
    url,
    seen,
    /** Answer the coming callbacks with these statuses. */
    answerWith: (...s: number[]) => statuses.push(...s),
    next: () => new Promise<Received>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A guest shopper in Sweden. */
export const SWEDISH_ADDRESS = {
  first_name: 'Eva',
  last_name: 'Berg',
  street_1: 'Kungsgatan 5',
  city: 'Stockholm',
  zip: '111 43',
  country: 'Sweden',
  country_iso2: 'SE',
  email: 'eva@example.se',
};

export const at = (v: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (x, k) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined),
    v,
  );
