import {
  type BigCommerceEmulator,
  DEMO_STORE,
  DEMO_TOKEN,
  startBigCommerceEmulator,
} from '../../emulators/bigcommerce/index.ts';
import type { FortnoxEmulator } from '../../emulators/fortnox/index.ts';
import { type StripeEmulator, startStripeEmulator } from '../../emulators/stripe/index.ts';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/index.ts';
import { createArticles } from '../seed.ts';
import { buyer } from '../sources/bigcommerce.ts';

/**
 * The webhook sources of the fault suite — WooCommerce, Stripe Billing and BigCommerce — as the
 * outside world: their emulators in the runner's process, connected through the web process's
 * connect pages as a shop owner would (the page's form token, then the real check with the
 * credentials, the encrypted save and the webhook registration). commercetools is not here: it
 * sends no webhooks (the worker reads its Messages feed), so a webhook fault cannot touch it.
 *
 * Each placed order answers the reference its Fortnox invoice carries (ExternalInvoiceReference1)
 * and how to read back, from the source emulator, the invoice number the write-back left there.
 */

export type ShopSystem = 'woocommerce' | 'stripe' | 'bigcommerce';
export const SHOP_SYSTEMS: readonly ShopSystem[] = ['woocommerce', 'stripe', 'bigcommerce'];
/** The connection key each shop is connected under. */
export const SHOP_KEY = 'kaos';
/** Which Fortnox company each shop's orders go to (a routing rule on the source system). */
export const SHOP_TENANT: Record<ShopSystem, number> = { woocommerce: 1001, stripe: 1002, bigcommerce: 1002 };

const WOO_ITEMS = [[{ sku: 'KAFFE-500', quantity: 2 }], [{ sku: 'ESP-1' }], [{ sku: 'KAFFE-500' }, { sku: 'ESP-1' }]];
const BC_SKUS = ['KAFFE-500', 'MUGG-01', 'BOK-KAFFE'] as const;
/** Articles the shops' lines name; each Fortnox company gets them, as a bookkeeper would have made them. */
export const SHOP_ARTICLES = ['KAFFE-500', 'ESP-1', 'MUGG-01', 'BOK-KAFFE'] as const;

export interface ChaosShops {
  woo: WooCommerceEmulator;
  stripe: StripeEmulator;
  bigcommerce: BigCommerceEmulator;
  /** What the app's processes need to reach the shops (no credentials: those come through the pages). */
  env: Record<string, string>;
  /** Connects every shop through the web process's connect pages. */
  connect(appUrl: string): Promise<void>;
  /** A customer places (and pays) one order now; answers its reference. */
  place(system: ShopSystem, i: number): string;
  /** The invoice number the write-back left on the order, if any. */
  writtenBack(reference: string): string | undefined;
  close(): Promise<void>;
}

const bcBuyer = (k: number) => buyer(k, 'Kaosson');

/** GET the connect page (the form token and any session cookie), then POST its form as the admin would. */
async function submitConnectForm(appUrl: string, system: string, fields: Record<string, string>): Promise<void> {
  const page = await fetch(`${appUrl}/sources/${system}/connect`, { redirect: 'manual' });
  const html = await page.text();
  const token = /name="token" value="([^"]*)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || token === undefined || action === undefined)
    throw new Error(`the ${system} connect page answered ${page.status} without its form`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const answer = await fetch(`${appUrl}${action.replace(/&amp;/g, '&')}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie.length ? { cookie: cookie.join('; ') } : {}),
    },
    body: new URLSearchParams({ token: token.replace(/&amp;/g, '&'), ...fields }),
  });
  const text = await answer.text();
  if (answer.status !== 200 && answer.status !== 303)
    throw new Error(`connecting ${system} failed (${answer.status}): ${text.replace(/<[^>]+>/g, ' ').slice(0, 400)}`);
}

export async function startChaosShops(): Promise<ChaosShops> {
  const woo = await startWooCommerceEmulator({ port: 0 });
  const stripe = await startStripeEmulator({ port: 0 });
  const bigcommerce = await startBigCommerceEmulator({ port: 0 });
  const demo = stripe.demo;
  if (demo === undefined) throw new Error('the Stripe emulator has no demo account');
  return {
    woo,
    stripe,
    bigcommerce,
    env: {
      STRIPE_API_URL: stripe.url,
      BIGCOMMERCE_API_URL: bigcommerce.url,
      // The catch-up polls find what no webhook told us; the suite cannot wait a production minute.
      WOOCOMMERCE_POLL_SECONDS: '10',
      STRIPE_POLL_SECONDS: '10',
      BIGCOMMERCE_POLL_SECONDS: '10',
    },
    connect: async (appUrl) => {
      await submitConnectForm(appUrl, 'woocommerce', {
        key: SHOP_KEY,
        url: woo.url,
        consumerKey: woo.consumerKey,
        consumerSecret: woo.consumerSecret,
      });
      await submitConnectForm(appUrl, 'stripe', { key: SHOP_KEY, secretKey: stripe.secretKey });
      await submitConnectForm(appUrl, 'bigcommerce', { key: SHOP_KEY, storeHash: DEMO_STORE, accessToken: DEMO_TOKEN });
    },
    place: (system, i) => {
      if (system === 'woocommerce')
        return `woocommerce:${SHOP_KEY}:${String(woo.checkout({ buyer: 'guest', items: WOO_ITEMS[i % WOO_ITEMS.length]! }).id)}`;
      if (system === 'stripe') {
        const sub = stripe.subscribe({ customer: demo.customers.acme, price: demo.monthly, taxRate: demo.vat });
        return `stripe:${SHOP_KEY}:${String(sub.latest_invoice)}`;
      }
      const lines = [{ sku: BC_SKUS[i % BC_SKUS.length]!, quantity: 1 + (i % 3) }];
      const order = bigcommerce.checkout(DEMO_STORE, {
        billing_address: bcBuyer(i % 10),
        lines,
        shipping_cost_inc_tax: 49,
        payment: {},
      });
      return `bigcommerce:${SHOP_KEY}:${order.id}`;
    },
    writtenBack: (reference) => {
      const [system, , id = ''] = reference.split(':');
      if (system === 'woocommerce') {
        const value = woo.writtenBack(Number(id)).meta._fortnox_invoice_number;
        return value === undefined || value === '' ? undefined : String(value);
      }
      if (system === 'stripe') {
        const metadata = (stripe.invoice(id).metadata ?? {}) as Record<string, unknown>;
        const value = metadata.fortnox_invoice_number;
        return typeof value === 'string' && value !== '' ? value : undefined;
      }
      for (const field of bigcommerce.store(DEMO_STORE).metafields.values()) {
        if (field.orderId !== Number(id) || field.namespace !== 'fortnox-sync' || field.key !== 'fortnox') continue;
        const number = (JSON.parse(field.value) as { number?: unknown }).number;
        return typeof number === 'string' ? number : undefined;
      }
      return undefined;
    },
    close: async () => {
      await Promise.all([woo.close(), stripe.close(), bigcommerce.close()]);
    },
  };
}

/** The shops' articles in one Fortnox company (they exist before the first order, as in a real company). */
export async function seedShopArticles(fortnox: FortnoxEmulator, tenantId: number): Promise<void> {
  await createArticles(
    fortnox,
    tenantId,
    SHOP_ARTICLES.map((a) => ({ ArticleNumber: a, Description: a })),
  );
}
