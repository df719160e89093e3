import { z } from 'zod';
import { type Call, forced, ok, type Route, route } from './api.ts';
import { cannotTrash, invalidId, WooError } from './errors.ts';
import { paginate, parseList, sortBy } from './list.ts';
import { parseBody } from './order-input.ts';
import { api, dates, type RenderContext } from './order-json.ts';
import type { WebhookRecord } from './store.ts';
import { TOPIC_HOOKS, type WooWebhooks } from './webhooks.ts';

/**
 * `/webhooks` (WC_REST_Webhooks_Controller): topic and delivery URL are checked on create, the
 * secret is write-only, only a success resets `failure_count` (re-activating a webhook disabled
 * after failures leaves it at its count, so the next failure disables it again).
 */

const WebhookIn = z.object({
  name: z.string().optional(),
  status: z.enum(['active', 'paused', 'disabled']).optional(),
  topic: z.string().optional(),
  delivery_url: z.string().optional(),
  secret: z.string().optional(),
  api_version: z.union([z.string(), z.number()]).optional(),
});

const validTopic = (t: string): boolean => t in TOPIC_HOOKS || /^action\.(woocommerce|wc)_[a-z0-9_]+$/.test(t);
const validUrl = (u: string): boolean => /^https?:\/\/[^\s]+$/.test(u);

export function renderWebhook(ctx: RenderContext, w: WebhookRecord): Record<string, unknown> {
  const [resource = '', event = ''] = w.topic.split('.');
  return {
    id: w.id,
    name: w.name,
    status: w.status,
    topic: w.topic,
    resource,
    event,
    hooks: TOPIC_HOOKS[w.topic] ?? [event],
    delivery_url: w.deliveryUrl,
    ...dates(ctx, 'date_created', w.created),
    ...dates(ctx, 'date_modified', w.modified),
    _links: { self: [{ href: api(ctx, `webhooks/${w.id}`) }], collection: [{ href: api(ctx, 'webhooks') }] },
  };
}

function webhookOf(c: Call): WebhookRecord {
  const w = c.ctx.store.webhooks.get(c.params[0] ?? 0);
  if (!w) throw invalidId('woocommerce_rest_webhook_invalid_id');
  return w;
}

function check(input: z.infer<typeof WebhookIn>, creating: boolean): void {
  if ((creating || input.topic !== undefined) && !validTopic((input.topic ?? '').toLowerCase())) {
    throw new WooError(
      400,
      'woocommerce_rest_shop_webhook_invalid_topic',
      'Webhook topic is required and must be valid.',
    );
  }
  if ((creating || input.delivery_url !== undefined) && !validUrl(input.delivery_url ?? '')) {
    throw new WooError(
      400,
      'woocommerce_rest_shop_webhook_invalid_delivery_url',
      'Webhook delivery URL must be a valid URL starting with http:// or https://.',
    );
  }
}

export function webhookRoutes(webhooks: WooWebhooks): Route[] {
  return [
    route(['GET'], '/webhooks', true, (c) => {
      const q = parseList(c.query, { perPageMax: 100, orderby: ['date', 'id', 'include', 'title'], timezone: 'UTC' });
      const status = typeof c.query.status === 'string' ? c.query.status : 'all';
      const items = [...c.ctx.store.webhooks.values()].filter((w) => status === 'all' || w.status === status);
      return ok(
        paginate(
          c.res,
          q,
          sortBy(items, q, (w) => w.id),
          c.url,
        ).map((w) => renderWebhook(c.ctx, w)),
      );
    }),
    route(['POST'], '/webhooks', true, (c) => {
      const input = parseBody(WebhookIn, c.body);
      check(input, true);
      const { store } = c.ctx;
      const now = store.now();
      const topic = (input.topic ?? '').toLowerCase();
      const w: WebhookRecord = {
        id: store.nextWebhookId(),
        name: input.name ?? `Webhook created on ${new Date(now).toUTCString()}`,
        status: input.status ?? 'active',
        topic,
        deliveryUrl: input.delivery_url ?? '',
        secret: input.secret || store.opts.defaultWebhookSecret,
        apiVersion: 3,
        failureCount: 0,
        userId: c.key.userId ?? 1,
        created: now,
        modified: now,
      };
      store.webhooks.set(w.id, w);
      if (store.opts.pingOnCreate && w.status === 'active') webhooks.ping(w);
      return ok(renderWebhook(c.ctx, w), 201);
    }),
    route(['GET'], '/webhooks/:id', false, (c) => ok(renderWebhook(c.ctx, webhookOf(c)))),
    route('edit', '/webhooks/:id', false, (c) => {
      const w = webhookOf(c);
      const input = parseBody(WebhookIn, c.body);
      check(input, false);
      if (input.name !== undefined) w.name = input.name;
      if (input.status !== undefined) w.status = input.status;
      if (input.topic !== undefined) w.topic = input.topic.toLowerCase();
      if (input.delivery_url !== undefined) w.deliveryUrl = input.delivery_url;
      if (input.secret) w.secret = input.secret;
      w.modified = c.ctx.store.now();
      return ok(renderWebhook(c.ctx, w));
    }),
    route(['DELETE'], '/webhooks/:id', false, (c) => {
      const w = webhookOf(c);
      if (!forced(c)) throw cannotTrash('Webhooks');
      c.ctx.store.webhooks.delete(w.id);
      return ok(renderWebhook(c.ctx, w));
    }),
  ];
}
