import { z } from 'zod';

/**
 * Settings of one connected store (the dashboard renders them from this schema). Which statuses
 * want an invoice is the merchant's call; the default is "payment confirmed" (Awaiting Fulfillment)
 * and every status after it. Incomplete (0) and Declined (6) never do: BigCommerce fires
 * `store/order/created` for abandoned and failed checkouts too [reference A6].
 */

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

const NEVER_INVOICED: readonly number[] = [STATUS.incomplete, STATUS.declined, STATUS.cancelled];

export const bigcommerceSettingsSchema = z.object({
  invoiceStatuses: z
    .array(z.number().int().min(0).max(14))
    .min(1)
    .default([
      STATUS.awaitingFulfillment,
      STATUS.awaitingShipment,
      STATUS.awaitingPickup,
      STATUS.partiallyShipped,
      STATUS.shipped,
      STATUS.completed,
    ])
    .refine((ids) => ids.every((id) => !NEVER_INVOICED.includes(id)), {
      message: 'Incomplete (0), Declined (6) and Cancelled (5) orders are never invoiced',
    })
    .meta({
      title: 'Order statuses that become a Fortnox document (ids, comma separated)',
      description:
        '11 Awaiting Fulfillment, 9 Awaiting Shipment, 8 Awaiting Pickup, 3 Partially Shipped, 2 Shipped, 10 Completed, 7 Awaiting Payment, 1 Pending.',
    }),
  /** One Fortnox customer per shopper (companies always get their own), or one shared by every private shopper. */
  privateCustomers: z.enum(['per_shopper', 'shared']).default('per_shopper').meta({ title: 'Private shoppers become' }),
  sharedCustomerName: z
    .string()
    .min(1)
    .max(100)
    .default('Webshop customers')
    .meta({ title: 'Name of the shared private customer' }),
  /** Checkout form fields (billing address) that hold a company's organisation and VAT number. */
  organisationNumberField: z
    .string()
    .min(1)
    .default('Organisation number')
    .meta({ title: 'Billing form field with the organisation number' }),
  vatNumberField: z.string().min(1).default('VAT number').meta({ title: 'Billing form field with the VAT number' }),
  /** BigCommerce payment gateway (or gateway.method) → the method name the Fortnox side maps to a mode of payment. */
  paymentMethods: z
    .record(z.string(), z.string().min(1))
    .default({
      testgateway: 'card',
      stripe: 'card',
      braintree: 'card',
      adyen: 'card',
      klarna: 'klarna',
      paypalexpress: 'paypal',
      bankdeposit: 'bank',
      cod: 'cash',
    })
    .meta({ title: 'Payment gateway → payment method' }),
  /** Fortnox's stock per article number → the store's inventory of the same SKU (absolute levels). */
  stockFromFortnox: z.boolean().default(false).meta({
    title: 'Keep the store’s stock equal to Fortnox’s',
    description:
      'Each article whose stock changes in Fortnox sets the inventory of the product or variant with that SKU (default location). SKUs the store does not have are listed, not retried.',
  }),
});

export type BigCommerceSettings = z.infer<typeof bigcommerceSettingsSchema>;

/** Whether an order in this status wants its Fortnox document. Refunded orders keep theirs: refunds are credited. */
export function wantsDocument(statusId: number, settings: BigCommerceSettings): boolean {
  if (NEVER_INVOICED.includes(statusId)) return false;
  return (
    settings.invoiceStatuses.includes(statusId) || statusId === STATUS.refunded || statusId === STATUS.partiallyRefunded
  );
}
