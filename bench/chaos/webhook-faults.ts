import { setTimeout as delay } from 'node:timers/promises';
import { DEMO_STORE } from '../../emulators/bigcommerce/index.ts';
import type { Chaos, DeliveryRecord } from '../../emulators/kit/webhooks.ts';
import type { ChaosShops, ShopSystem } from './shops.ts';

/**
 * The webhook sources' misbehaviour for the fault suite, one place for all three emulators: the
 * kit dispatcher's chaos (duplicate, drop, reorder, delay) and forged deliveries — a wrong secret,
 * a tampered body, no signature, a replayed old timestamp (Stripe), a guessed shared secret
 * (BigCommerce) — each answering the delivery records it produced, so the suite can read what our
 * endpoint answered to each.
 */

export function setWebhookChaos(shops: ChaosShops, chaos: Partial<Chaos>): void {
  shops.woo.webhooks.dispatcher.setChaos(chaos);
  shops.stripe.setChaos(chaos);
  shops.bigcommerce.webhooks.chaos(chaos);
}

/** Genuine deliveries our endpoint accepted so far, per shop. */
export function genuineDelivered(shops: ChaosShops): Record<ShopSystem, number> {
  const genuine = (records: DeliveryRecord[]) =>
    records.filter(
      (r) => r.outcome === 'delivered' && !r.subscription.startsWith('forged:') && !forgedBigCommerce.has(r.id),
    ).length;
  return {
    woocommerce: genuine(shops.woo.webhooks.dispatcher.deliveries()),
    stripe: genuine(shops.stripe.events.dispatcher.deliveries()),
    bigcommerce: genuine(shops.bigcommerce.webhooks.deliveries()),
  };
}

/** BigCommerce forgeries share their hook's subscription; their delivery ids tell them apart. */
const forgedBigCommerce = new Set<string>();

/** Sends every kind of forgery to every shop's endpoint; answers how many were sent. */
export function sendForgeries(shops: ChaosShops, orderIds: { woo: number; bigcommerce: number }): number {
  let sent = 0;
  for (const webhook of shops.woo.store.webhooks.values()) {
    if (!webhook.topic.startsWith('order.')) continue;
    for (const how of ['wrong-secret', 'tampered-body', 'unsigned'] as const) {
      shops.woo.webhooks.forge(webhook.id, orderIds.woo, how);
      sent++;
    }
    break;
  }
  const endpoint = shops.stripe.events.endpoints()[0];
  if (endpoint !== undefined)
    for (const how of ['wrong-secret', 'tampered-body', 'old-timestamp', 'unsigned'] as const) {
      shops.stripe.forge(endpoint.id, how);
      sent++;
    }
  const hook = [...shops.bigcommerce.store(DEMO_STORE).hooks.values()].find((h) => h.scope.startsWith('store/order'));
  if (hook !== undefined)
    for (const headers of [{}, { 'x-fortnox-sync-secret': 'guessed-secret' }]) {
      const data = { type: 'order', id: orderIds.bigcommerce };
      forgedBigCommerce.add(shops.bigcommerce.webhooks.forge(DEMO_STORE, hook.id, hook.scope, data, headers));
      sent++;
    }
  return sent;
}

/**
 * What our endpoint answered to each forgery (its latest attempt: Stripe and BigCommerce retry a
 * refused delivery, and every retry must be refused too), 0 when it never answered.
 */
export function forgeryAnswers(shops: ChaosShops): number[] {
  const latest = new Map<string, number>();
  for (const r of [
    ...shops.woo.webhooks.dispatcher.deliveries().filter((r) => r.subscription.startsWith('forged:')),
    ...shops.stripe.events.dispatcher.deliveries().filter((r) => r.subscription.startsWith('forged:')),
    ...shops.bigcommerce.webhooks.deliveries().filter((r) => forgedBigCommerce.has(r.id)),
  ])
    latest.set(`${r.subscription}|${r.id}`, r.status ?? 0);
  return [...latest.values()];
}

/** Webhooks the shops hold for us that are switched off (WooCommerce disables one after failed deliveries). */
export function hooksDisabled(shops: ChaosShops): number {
  const woo = [...shops.woo.store.webhooks.values()].filter((w) => w.status !== 'active').length;
  const bc = [...shops.bigcommerce.store(DEMO_STORE).hooks.values()].filter((h) => !h.isActive || h.deactivated).length;
  const stripe = shops.stripe.events.endpoints().filter((e) => e.status !== 'enabled').length;
  return woo + bc + stripe;
}

/** Resolves once `count` forgeries have an answer recorded (or `timeoutMs` passed). */
export async function forgeriesAnswered(shops: ChaosShops, count: number, timeoutMs: number): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  while (forgeryAnswers(shops).length < count && performance.now() < deadline) await delay(200);
  return forgeryAnswers(shops);
}
