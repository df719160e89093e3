import { randomUUID } from 'node:crypto';
import type { Subscription } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { CtError } from './errors.ts';
import type { Message } from './messages.ts';
import { baseFields, parseBody } from './repo.ts';
import type { ResourceKind } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * Subscriptions [CT types/subscription/*.raml]: messages matching `messages[{resourceTypeId,
 * types?}]` go to the destination, in the `Platform` envelope (the message plus `notificationType`
 * and `projectKey` [MessageDeliveryPayload.raml]) or as a CloudEvents 1.0 event [CloudEventsPayload.raml].
 * There is no HTTP destination in commercetools (SQS, Pub/Sub, EventBridge, …), so the emulator
 * hands deliveries to an in-process queue per subscription that tests and the fault suite read.
 * At most 50 subscriptions per project (release note 2021-08-19).
 */

const MAX_SUBSCRIPTIONS = 50;

const SubscriptionDraft = z.object({
  key: z.string().optional(),
  destination: z.object({ type: z.string() }).loose(),
  messages: z.array(z.object({ resourceTypeId: z.string(), types: z.array(z.string()).optional() })).optional(),
  changes: z.array(z.object({ resourceTypeId: z.string() })).optional(),
  format: z.object({ type: z.enum(['Platform', 'CloudEvents']), cloudEventsVersion: z.string().optional() }).optional(),
});

const PLURAL: Record<string, string> = {
  'business-unit': 'business-units',
  category: 'categories',
  customer: 'customers',
  'inventory-entry': 'inventory',
  order: 'orders',
  payment: 'payments',
  product: 'products',
  store: 'stores',
};

/** The delivery of one message in a subscription's format. */
export function deliveryPayload(
  projectKey: string,
  format: 'Platform' | 'CloudEvents',
  m: Message,
): Record<string, unknown> {
  const { createdBy: _c, lastModifiedBy: _m, ...message } = m;
  const platform = { notificationType: 'Message', projectKey, ...message };
  if (format === 'Platform') return platform;
  const typeId = m.resource.typeId;
  return {
    id: m.id,
    source: `/${projectKey}/${PLURAL[typeId] ?? `${typeId}s`}`,
    specversion: '1.0',
    type: `com.commercetools.${typeId}.message.${m.type}`,
    subject: m.resource.id,
    time: m.lastModifiedAt,
    dataref: `/${projectKey}/messages/${m.id}`,
    sequence: String(m.sequenceNumber),
    sequencetype: 'Integer',
    data: platform,
  };
}

export class SubscriptionQueues {
  readonly #queues = new Map<string, Record<string, unknown>[]>();
  readonly #project: ProjectState;

  constructor(project: ProjectState) {
    this.#project = project;
    project.messages.on('message', (m) => this.#deliver(m));
  }

  #deliver(m: Message): void {
    for (const s of this.#project.subscriptions.all()) {
      const wanted = s.messages.some(
        (f) => f.resourceTypeId === m.resource.typeId && (!f.types?.length || f.types.includes(m.type)),
      );
      if (!wanted) continue;
      const queue = this.#queues.get(s.id) ?? [];
      queue.push(deliveryPayload(this.#project.key, s.format.type, m));
      this.#queues.set(s.id, queue);
    }
  }

  /** What reached the subscription's destination so far; `drain` empties it (a consumer acknowledged). */
  read(subscriptionIdOrKey: string, drain = false): Record<string, unknown>[] {
    const s =
      this.#project.subscriptions.get(subscriptionIdOrKey) ?? this.#project.subscriptions.byKey(subscriptionIdOrKey);
    if (!s) return [];
    const queue = this.#queues.get(s.id) ?? [];
    if (drain) this.#queues.set(s.id, []);
    return [...queue];
  }
}

export const subscriptionKind: ResourceKind<Subscription> = {
  path: 'subscriptions',
  repo: (p) => p.subscriptions,
  view: ['manage_subscriptions'],
  manage: ['manage_subscriptions'],
  identifiers: ['key'],
  create: (ctx, body) => {
    const d = parseBody(SubscriptionDraft, body);
    if (ctx.project.subscriptions.size() >= MAX_SUBSCRIPTIONS) {
      throw new CtError(400, [
        {
          code: 'MaxResourceLimitExceeded',
          message: `A project can have at most ${MAX_SUBSCRIPTIONS} subscriptions.`,
          exceededResource: 'subscription',
        },
      ]);
    }
    const subscription = {
      id: randomUUID(),
      version: 1,
      ...(d.key ? { key: d.key } : {}),
      destination: d.destination,
      messages: d.messages ?? [],
      changes: d.changes ?? [],
      events: [],
      format: d.format ?? { type: 'Platform' },
      status: 'Healthy',
      ...baseFields(ctx.now, ctx.actor),
    } as unknown as Subscription;
    return { resource: subscription, messages: [] };
  },
};
