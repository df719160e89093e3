import { createHash, createHmac } from 'node:crypto';
import { type DeliveryRecord, WebhookDispatcher } from '../kit/index.ts';
import { WC_VERSION } from './orders.ts';
import type { HookEvent, HookResource, WebhookRecord, WooStore } from './store.ts';
import { phpJson } from './values.ts';

/**
 * WooCommerce webhooks (class-wc-webhook.php, wc-webhook-functions.php): hooks fired while a
 * request runs are queued at its end, one per webhook and resource, and a resource already waiting
 * for the same webhook is not queued again; Action Scheduler delivers later and the payload is the
 * REST representation *at delivery time*. Each delivery is sent once, never retried; a 2xx, 301 or
 * 302 resets `failure_count`, anything else raises it, and a failure once it exceeds the threshold
 * disables the webhook. Signature: base64 HMAC-SHA256 of the exact body with the webhook's secret.
 */

export const TOPIC_HOOKS: Record<string, string[]> = {
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'coupon.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded', 'woocommerce_delete_order_refund'],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': [
    'woocommerce_process_product_meta',
    'woocommerce_new_product',
    'woocommerce_new_product_variation',
  ],
  'product.updated': [
    'woocommerce_process_product_meta',
    'woocommerce_update_product',
    'woocommerce_update_product_variation',
  ],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
};

export const USER_AGENT = `WooCommerce/${WC_VERSION} Hookshot (WordPress/6.8.1)`;

export type Forgery = 'wrong-secret' | 'tampered-body' | 'unsigned';

/** Builds a resource's payload now: its REST body, or the error body when it is gone. */
export type PayloadBuilder = (resource: HookResource, id: number) => unknown;

export function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export class WooWebhooks {
  readonly dispatcher: WebhookDispatcher;
  /** `webhook:resource` pairs waiting in the Action Scheduler queue (not queued twice). */
  readonly #pending = new Set<string>();
  #queue: { webhook: WebhookRecord; resource: HookResource; event: HookEvent; id: number }[] = [];
  #held = false;
  readonly pings: { webhookId: number; status: number | 'unreachable' }[] = [];

  readonly store: WooStore;
  readonly payload: PayloadBuilder;
  readonly site: () => string;

  constructor(store: WooStore, payload: PayloadBuilder, site: () => string) {
    this.store = store;
    this.payload = payload;
    this.site = site;
    const o = store.opts;
    this.dispatcher = new WebhookDispatcher(
      store.clock,
      {
        retryDelaysMs: [],
        timeScale: 1,
        timeoutMs: o.webhookTimeoutMs,
        success: (s) => s >= 200 && s < 303,
        followRedirects: false,
      },
      o.seed,
    );
    this.dispatcher.on('result', (r) => this.#judge(r));
  }

  /** End of a request (or a lever): what it fired becomes queued deliveries. */
  flush(): void {
    const seen = new Set<string>();
    for (const f of this.store.takeFired()) {
      for (const webhook of this.store.webhooks.values()) {
        if (webhook.status !== 'active' || webhook.topic !== `${f.resource}.${f.event}`) continue;
        const key = `${webhook.id}:${f.id}`;
        if (seen.has(key) || this.#pending.has(key)) continue;
        seen.add(key);
        this.#pending.add(key);
        this.#queue.push({ webhook, ...f });
      }
    }
    if (!this.#held && this.#queue.length > 0) setTimeout(() => this.#run(), this.store.opts.deliveryDelayMs).unref();
  }

  /** Stop the queue runner (deliveries wait, payloads are built when released). */
  hold(): void {
    this.#held = true;
  }

  release(): void {
    this.#held = false;
    this.#run();
  }

  queued(): number {
    return this.#queue.length;
  }

  /** Resolves when nothing is queued or in flight. */
  async idle(): Promise<void> {
    while (this.#queue.length > 0 && !this.#held) await new Promise((r) => setTimeout(r, 5));
    await this.dispatcher.idle();
  }

  #run(): void {
    if (this.#held) return;
    const batch = this.#queue;
    this.#queue = [];
    for (const job of batch) this.#send(job.webhook, job.resource, job.event, job.id);
  }

  #send(webhook: WebhookRecord, resource: HookResource, event: HookEvent, id: number, forged?: Forgery): void {
    const key = `${webhook.id}:${id}`;
    // The Action Scheduler entry is gone once its run starts: a new change queues a new delivery.
    if (!forged) this.#pending.delete(key);
    let signed = '';
    const build = (): string => {
      signed = phpJson(event === 'deleted' ? { id } : this.payload(resource, id)).trim();
      return forged === 'tampered-body' ? signed.replace(/^\{"id":(\d+)/, (_m, n) => `{"id":${Number(n) + 1}`) : signed;
    };
    const secret = forged === 'wrong-secret' ? 'not-the-secret' : webhook.secret;
    this.dispatcher.send({
      subscription: forged ? `forged:${webhook.id}` : String(webhook.id),
      url: webhook.deliveryUrl,
      event: webhook.topic,
      body: build,
      headers: {
        'User-Agent': USER_AGENT,
        'X-WC-Webhook-Source': `${this.site()}/`,
        'X-WC-Webhook-Topic': webhook.topic,
        'X-WC-Webhook-Resource': resource,
        'X-WC-Webhook-Event': event,
        'X-WC-Webhook-ID': String(webhook.id),
      },
      sign: (body, at) => ({
        'X-WC-Webhook-Delivery-ID': createHash('md5')
          .update(`${webhook.id}${Math.floor(at / 1000)}${key}`)
          .digest('hex'),
        ...(forged === 'unsigned' ? {} : { 'X-WC-Webhook-Signature': signature(signed || body, secret) }),
      }),
    });
  }

  /** A delivery that did not come from this site's secret: the receiver must refuse it. */
  forge(webhookId: number, resourceId: number, how: Forgery = 'wrong-secret'): void {
    const webhook = this.store.webhooks.get(webhookId);
    if (!webhook) throw new Error(`no webhook ${webhookId}`);
    const [resource, event] = webhook.topic.split('.') as [HookResource, HookEvent];
    this.#send(webhook, resource, event, resourceId, how);
  }

  /** On creation WooCommerce POSTs `webhook_id=N` (a form body, unsigned); only a 200 counts. */
  ping(webhook: WebhookRecord): void {
    void fetch(webhook.deliveryUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': USER_AGENT },
      body: `webhook_id=${webhook.id}`,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.store.opts.webhookTimeoutMs),
    })
      .then(async (r) => {
        await r.arrayBuffer().catch(() => undefined);
        this.pings.push({ webhookId: webhook.id, status: r.status });
      })
      .catch(() => this.pings.push({ webhookId: webhook.id, status: 'unreachable' }));
  }

  /** `log_delivery` + `failed_delivery`. */
  #judge(r: DeliveryRecord): void {
    if (r.subscription.startsWith('forged:') || r.outcome === 'dropped') return;
    const webhook = this.store.webhooks.get(Number(r.subscription));
    if (!webhook) return;
    if (r.outcome === 'delivered') webhook.failureCount = 0;
    else if (webhook.failureCount > this.store.opts.maxDeliveryFailures) webhook.status = 'disabled';
    else webhook.failureCount += 1;
  }

  close(): void {
    this.#queue = [];
    this.dispatcher.close();
  }
}
