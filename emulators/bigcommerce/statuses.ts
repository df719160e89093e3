/**
 * Order statuses 0–14 with their system names and descriptions, as `GET /v2/order_statuses`
 * documents them [BC-O2 `/order_statuses` description], and the `payment_status` each one implies
 * when the store (not a payment gateway) moves an order there.
 */
export const STATUSES: ReadonlyArray<readonly [id: number, name: string, description: string]> = [
  [
    0,
    'Incomplete',
    'An incomplete order happens when a shopper reached the payment page, but did not complete the transaction.',
  ],
  [1, 'Pending', 'Customer started the checkout process, but did not complete it.'],
  [2, 'Shipped', 'Order has been shipped, but receipt has not been confirmed; seller has used the Ship Items action.'],
  [
    3,
    'Partially Shipped',
    'Only some items in the order have been shipped, due to some products being pre-order only or other reasons.',
  ],
  [4, 'Refunded', 'Seller has used the Refund action.'],
  [5, 'Cancelled', 'Seller has cancelled an order, due to a stock inconsistency or other reasons.'],
  [6, 'Declined', 'Seller has marked the order as declined for lack of manual payment, or other reasons.'],
  [7, 'Awaiting Payment', 'Customer has completed checkout process, but payment has yet to be confirmed.'],
  [8, 'Awaiting Pickup', 'Order has been pulled, and is awaiting customer pickup from a seller-specified location.'],
  [9, 'Awaiting Shipment', 'Order has been pulled and packaged, and is awaiting collection from a shipping provider.'],
  [10, 'Completed', 'Client has paid for their digital product and their file(s) are available for download.'],
  [11, 'Awaiting Fulfillment', 'Customer has completed the checkout process and payment has been confirmed.'],
  [12, 'Manual Verification Required', 'Order is on hold while some aspect needs to be manually confirmed.'],
  [
    13,
    'Disputed',
    'Customer has initiated a dispute resolution process for the PayPal transaction that paid for the order.',
  ],
  [14, 'Partially Refunded', 'Seller has partially refunded the order.'],
];

export const STATUS = {
  incomplete: 0,
  pending: 1,
  shipped: 2,
  partiallyShipped: 3,
  refunded: 4,
  cancelled: 5,
  declined: 6,
  awaitingPayment: 7,
  awaitingPickup: 8,
  awaitingShipment: 9,
  completed: 10,
  awaitingFulfillment: 11,
  manualVerification: 12,
  disputed: 13,
  partiallyRefunded: 14,
} as const;

/** The `payment_status` enum [BC-O2 schema]. */
export const PAYMENT_STATUSES = [
  'authorized',
  'captured',
  'capture pending',
  'declined',
  'held for review',
  'paid',
  'partially refunded',
  'pending',
  'refunded',
  'void',
  'void pending',
  '',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const statusName = (id: number): string => STATUSES.find(([s]) => s === id)?.[1] ?? 'Unknown';

export const isStatusId = (id: number): boolean => STATUSES.some(([s]) => s === id);

/** Statuses in which the shopper has paid (the "paid" class that also drives tax document submits). */
const PAID = new Set<number>([2, 3, 8, 9, 10, 11]);

export const isPaidStatus = (id: number): boolean => PAID.has(id);

/**
 * What a store-side status move does to `payment_status` (inference: the enum has no per-status
 * table). Paid statuses mean captured; refund statuses follow the refunds; the rest keep it.
 */
export function paymentStatusAfter(statusId: number, current: PaymentStatus): PaymentStatus {
  if (PAID.has(statusId)) return current === 'authorized' || current === 'captured' ? current : 'captured';
  switch (statusId) {
    case STATUS.incomplete:
      return '';
    case STATUS.declined:
      return 'declined';
    case STATUS.manualVerification:
      return 'held for review';
    case STATUS.awaitingPayment:
    case STATUS.pending:
      return current === '' ? 'pending' : current;
    case STATUS.cancelled:
      return current === 'captured' || current === 'authorized' ? 'void' : current;
    case STATUS.refunded:
      return 'refunded';
    case STATUS.partiallyRefunded:
      return 'partially refunded';
    default:
      return current;
  }
}

/** `GET /v2/order_statuses` items. */
export function statusJson(id: number, customLabel?: string): Record<string, unknown> {
  const row = STATUSES.find(([s]) => s === id);
  return {
    id,
    name: row?.[1] ?? '',
    system_label: row?.[1] ?? '',
    custom_label: customLabel ?? row?.[1] ?? '',
    system_description: row?.[2] ?? '',
    order: id,
  };
}
