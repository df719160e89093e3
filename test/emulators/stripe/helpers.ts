import Stripe from 'stripe';
import {
  type StripeEmulator,
  type StripeEmulatorOptions,
  startStripeEmulator,
} from '../../../emulators/stripe/index.ts';

/** The official client, unmodified, pointed at the emulator (`host`/`port`/`protocol: 'http'`). */
export function client(emu: StripeEmulator, o: { apiVersion?: string; maxNetworkRetries?: number } = {}): Stripe {
  return new Stripe(emu.secretKey, {
    host: emu.host,
    port: emu.port,
    protocol: 'http',
    telemetry: false,
    ...(o.apiVersion ? { apiVersion: o.apiVersion as Stripe.LatestApiVersion } : {}),
    ...(o.maxNetworkRetries !== undefined ? { maxNetworkRetries: o.maxNetworkRetries } : {}),
  });
}

export const start = (o: StripeEmulatorOptions = {}): Promise<StripeEmulator> =>
  startStripeEmulator({ rateLimit: { enabled: false }, ...o });

export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/** A raw form-encoded request, for what the client would not send (bad keys, foreign versions). */
export async function raw(
  emu: StripeEmulator,
  method: string,
  path: string,
  o: { form?: Record<string, string>; key?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.key !== null) headers.Authorization = `Bearer ${o.key ?? emu.secretKey}`;
  if (o.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers,
    ...(o.form ? { body: new URLSearchParams(o.form).toString() } : {}),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** A customer with a card that pays and an address (the invoice snapshot copies it). */
export async function payingCustomer(stripe: Stripe, card = 'pm_card_visa'): Promise<Stripe.Customer> {
  return stripe.customers.create({
    name: 'Acme Handel AB',
    address: { line1: 'Hamngatan 4', city: 'Göteborg', postal_code: '411 05', country: 'SE' },
    payment_method: card,
    invoice_settings: { default_payment_method: card },
  });
}
