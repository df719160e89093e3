import { z } from 'zod';
import type { Entity } from './relevance.ts';
import type { SalesforceSettings } from './settings.ts';

/**
 * What arrives on our four channels, parsed at the boundary. jsforce hands the listener the Bayeux
 * message's `data` ({schema, payload, event}); shapes per reference §1.6–1.8. Only the fields the
 * listener decides on are typed — payload fields are kept as a loose record because CDC UPDATE
 * events carry just the changed ones.
 */

export const CHANNELS = {
  account: '/data/AccountChangeEvent',
  opportunity: '/data/OpportunityChangeEvent',
  order: '/data/OrderChangeEvent',
  product: '/data/Product2ChangeEvent',
  price: '/data/PricebookEntryChangeEvent',
  syncRequest: '/event/Fortnox_Sync_Request__e',
} as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];
/** The channels every org subscribes to. */
export const ALL_CHANNELS: readonly Channel[] = [CHANNELS.account, CHANNELS.opportunity, CHANNELS.syncRequest];
/**
 * Plus Orders, subscribed only while the connection invoices from them: an org that does not must
 * not have to select Order for Change Data Capture (Salesforce refuses the subscription otherwise).
 */
export const LISTENER_CHANNELS: readonly Channel[] = [
  ...ALL_CHANNELS,
  CHANNELS.order,
  // Products and their prices, likewise only while the connection syncs products.
  CHANNELS.product,
  CHANNELS.price,
];

/** Of `channels`, those the settings want now. */
export async function wantedChannels(
  store: { settings(): Promise<{ settings: Pick<SalesforceSettings, 'invoiceObjects' | 'syncProducts'> }> },
  channels: readonly Channel[],
): Promise<Channel[]> {
  const { settings } = await store.settings();
  return channels.filter((c) => {
    if (c === CHANNELS.order) return settings.invoiceObjects !== 'opportunities';
    if (c === CHANNELS.product || c === CHANNELS.price) return settings.syncProducts;
    return true;
  });
}

const CHANNEL_ENTITIES: ReadonlyMap<Channel, Entity> = new Map<Channel, Entity>([
  [CHANNELS.account, 'Account'],
  [CHANNELS.opportunity, 'Opportunity'],
  [CHANNELS.order, 'Order'],
  [CHANNELS.product, 'Product2'],
  [CHANNELS.price, 'PricebookEntry'],
]);

/** The sObject whose changes a CDC channel carries (undefined for the platform event). */
export function channelEntity(channel: Channel): Entity | undefined {
  return CHANNEL_ENTITIES.get(channel);
}

const replayId = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

const changeEventHeader = z
  .object({
    entityName: z.string(),
    // "001*" style wildcards are possible for some field-type conversions; kept as strings.
    recordIds: z.array(z.string()).default([]),
    changeType: z.string(),
    changedFields: z.array(z.string()).default([]),
    changeOrigin: z.string().nullish(),
    transactionKey: z.string().nullish(),
    sequenceNumber: z.number().nullish(),
    commitTimestamp: z.number().nullish(),
    commitUser: z.string().nullish(),
  })
  .loose();

export const changeEventSchema = z.object({
  schema: z.string().optional(),
  payload: z.object({ ChangeEventHeader: changeEventHeader }).catchall(z.unknown()),
  event: z.object({ replayId }).loose(),
});
export type ChangeEvent = z.infer<typeof changeEventSchema>;
export type ChangeEventHeader = z.infer<typeof changeEventHeader>;

export const syncRequestSchema = z.object({
  schema: z.string().optional(),
  payload: z
    .object({
      Record_Id__c: z.string().nullish(),
      Action__c: z.string().nullish(),
      CreatedDate: z.string().nullish(),
    })
    .loose(),
  event: z.object({ replayId, EventUuid: z.string().optional() }).loose(),
});
export type SyncRequestEvent = z.infer<typeof syncRequestSchema>;

export type StreamEvent =
  | { kind: 'change'; channel: Channel; replayId: number; event: ChangeEvent }
  | { kind: 'sync_request'; channel: Channel; replayId: number; event: SyncRequestEvent };

/** Just the replay id, so even an event we cannot parse moves the checkpoint past it (after logging). */
export function replayIdOf(data: unknown): number | undefined {
  const parsed = z
    .object({ event: z.object({ replayId }).loose() })
    .loose()
    .safeParse(data);
  return parsed.success ? parsed.data.event.replayId : undefined;
}

export function parseStreamEvent(channel: Channel, data: unknown): StreamEvent | { kind: 'invalid'; error: string } {
  if (channel === CHANNELS.syncRequest) {
    const parsed = syncRequestSchema.safeParse(data);
    return parsed.success
      ? { kind: 'sync_request', channel, replayId: parsed.data.event.replayId, event: parsed.data }
      : { kind: 'invalid', error: z.prettifyError(parsed.error) };
  }
  const parsed = changeEventSchema.safeParse(data);
  return parsed.success
    ? { kind: 'change', channel, replayId: parsed.data.event.replayId, event: parsed.data }
    : { kind: 'invalid', error: z.prettifyError(parsed.error) };
}

/** When the event happened by Salesforce's clock (reconciliation windows are measured from it). */
export function eventTime(event: StreamEvent): Date | undefined {
  if (event.kind === 'change') {
    const ms = event.event.payload.ChangeEventHeader.commitTimestamp;
    return typeof ms === 'number' ? new Date(ms) : undefined;
  }
  const created = event.event.payload.CreatedDate;
  const date = created ? new Date(created) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
