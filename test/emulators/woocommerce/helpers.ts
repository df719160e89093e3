import { createHmac } from 'node:crypto';
import WooPkg from '@woocommerce/woocommerce-rest-api';
import {
  startWooCommerceEmulator,
  type WooCommerceEmulator,
  type WooCommerceEmulatorOptions,
} from '../../../emulators/woocommerce/index.ts';

/**
 * The official client, unmodified. The package has no `exports` map, so Node loads its CommonJS
 * build and the class is the namespace's `default` (a source importing it must do the same).
 */
export const WooCommerceRestApi = WooPkg.default;
export type WooClient = InstanceType<typeof WooCommerceRestApi>;

export function client(emu: WooCommerceEmulator, key = emu.consumerKey, secret = emu.consumerSecret): WooClient {
  return new WooCommerceRestApi({ url: emu.url, consumerKey: key, consumerSecret: secret, version: 'wc/v3' });
}

export const start = (o: WooCommerceEmulatorOptions = {}): Promise<WooCommerceEmulator> => startWooCommerceEmulator(o);

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** A raw request to the REST API (Basic auth is honoured only as HTTPS: `X-Forwarded-Proto`). */
export async function raw(
  emu: WooCommerceEmulator,
  method: string,
  path: string,
  o: { body?: unknown; https?: boolean; basic?: [string, string]; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.https) headers['X-Forwarded-Proto'] = 'https';
  if (o.basic) headers.Authorization = `Basic ${Buffer.from(o.basic.join(':')).toString('base64')}`;
  if (o.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${emu.url}${path.startsWith('/wp-json') ? '' : '/wp-json/wc/v3'}${path}`, {
    method,
    headers,
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Basic-auth over "HTTPS" with the demo key. */
export const admin = (emu: WooCommerceEmulator, method: string, path: string, body?: unknown): Promise<Answer> =>
  raw(emu, method, path, { https: true, basic: [emu.consumerKey, emu.consumerSecret], body });

export { type Delivery, receiver } from '../../helpers/webhook-receiver.ts';

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function at(v: unknown, ...path: (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (Array.isArray(cur) && typeof p === 'number') cur = cur[p];
    else if (isObj(cur) && typeof p === 'string') cur = cur[p];
    else return undefined;
  }
  return cur;
}

const enc = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A URL signed by RFC 5849 §3.4 independently of the emulator's own code (as any OAuth 1.0a client
 * signs), with the timestamp and nonce under the test's control.
 */
export function signedUrl(
  emu: WooCommerceEmulator,
  method: string,
  path: string,
  o: { params?: Record<string, string>; ts?: number; nonce?: string; key?: string; secret?: string } = {},
): string {
  const base = `${emu.url}/wp-json/wc/v3${path}`;
  const oauth: Record<string, string> = {
    oauth_consumer_key: o.key ?? emu.consumerKey,
    oauth_nonce: o.nonce ?? Math.random().toString(36).slice(2),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(o.ts ?? Math.floor(emu.clock.now() / 1000)),
    oauth_version: '1.0',
  };
  const all = { ...o.params, ...oauth };
  const normalized = Object.entries(all)
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const text = `${method.toUpperCase()}&${enc(base)}&${enc(normalized)}`;
  const signature = createHmac('sha256', `${enc(o.secret ?? emu.consumerSecret)}&`)
    .update(text)
    .digest('base64');
  const query = new URLSearchParams({ ...all, oauth_signature: signature });
  return `${base}?${query.toString()}`;
}
