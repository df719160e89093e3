import { z } from 'zod';

/**
 * Record ids in references. Orders, refunds and customers are BigCommerce's integers; a payment is
 * `{order id}-{transaction id}` (transactions are only listed per order); a guest shopper is `g`
 * and a digest of the e-mail (no personal data in job payloads or logs), or `shared` for the one
 * Fortnox customer all private shoppers share when the setting says so.
 */
export const BIGCOMMERCE_ID = /^(?:\d{1,12}|\d{1,12}-\d{1,12}|g[0-9a-f]{24}|shared)$/;

export const bigcommerceId = z.string().regex(BIGCOMMERCE_ID, 'not a BigCommerce id');

export const OBJECTS = {
  order: 'order',
  refund: 'refund',
  payment: 'transaction',
  customer: 'customer',
  guest: 'guest',
} as const;

export function paymentId(orderId: number, transactionId: number | string): string {
  return `${orderId}-${transactionId}`;
}

export function parsePaymentId(id: string): { orderId: number; transactionId: string } | undefined {
  const match = /^(\d+)-(\d+)$/.exec(id);
  return match ? { orderId: Number(match[1]), transactionId: match[2]! } : undefined;
}
