import { z } from 'zod';

/**
 * What the till (the page, `POST /__control/sales`, `ringUp()`) sends to ring up a sale. It is the
 * emulator's own lever, not a Lightspeed API: K-Series has no public endpoint that creates a closed
 * sale, the register does. Amounts are strings with two decimals, quantities up to three.
 */

const Amount = z.string().regex(/^\d+(\.\d{1,2})?$/, 'an amount like "12.50" (two decimals at most)');
const Quantity = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d{1,3})?$/, 'a quantity like "0.350" (three decimals at most)'),
]);

export const CustomerInput = z.object({
  customerId: z.number().int().positive().optional(),
  title: z.string().max(20).optional(),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  companyName: z.string().max(200).optional(),
  taxIdentifier: z.string().max(40).optional(),
  phoneNumber1: z.string().max(40).optional(),
  phoneNumber2: z.string().max(40).optional(),
  addressLine1: z.string().max(200).optional(),
  addressLine2: z.string().max(200).optional(),
  zipCode: z.string().max(20).optional(),
  city: z.string().max(100).optional(),
  state: z.string().max(100).optional(),
  fiscalCode: z.string().max(40).optional(),
  destinationCode: z.string().max(40).optional(),
});
export type CustomerInput = z.infer<typeof CustomerInput>;

export const LineInput = z.object({
  sku: z.string().min(1),
  quantity: Quantity.default(1),
  /** Overrides the menu price (incl. VAT). */
  price: Amount.optional(),
  nameOverride: z.string().max(100).optional(),
  discountPercent: z.number().gt(0).max(100).optional(),
  discountAmount: Amount.optional(),
  discountName: z.string().max(60).optional(),
  /** Index of the line this one modifies (e.g. oat milk on a coffee): becomes `parentLineId`. */
  modifierOf: z.number().int().nonnegative().optional(),
});
export type LineInput = z.infer<typeof LineInput>;

export const PaymentInput = z.object({
  /** A payment method code of the location (CASH, CARD, SWISH, GIFTCARD, INVOICE). */
  method: z.string().min(1),
  /** Default: what is left of the bill. */
  amount: Amount.optional(),
  /** Split this amount evenly over N payments (half-even, the last takes the remainder). */
  split: z.number().int().min(2).max(20).optional(),
  tip: Amount.optional(),
  /** Tip as a percentage of this payment, rounded half-even to öre. */
  tipPercent: z.number().gt(0).max(100).optional(),
  /** Required for a sale on account (ACCOUNTS_RECEIVABLE); shown as `consumer`. */
  customer: CustomerInput.optional(),
  /** `externalReference`, e.g. the Swish payment reference. */
  reference: z.string().max(60).optional(),
});
export type PaymentInput = z.infer<typeof PaymentInput>;

export const SaleInput = z.object({
  location: z.number().int().positive().optional(),
  /** Register (device) index from 1 or its name; default the first. */
  register: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
  staff: z.string().max(60).optional(),
  table: z.string().max(20).optional(),
  covers: z.number().int().nonnegative().optional(),
  dineIn: z.boolean().optional(),
  /** A staff or customer-account discount over the whole sale (`accountDiscount*` on every line). */
  accountDiscountPercent: z.number().gt(0).max(100).optional(),
  accountDiscountName: z.string().max(60).optional(),
  externalFiscalNumber: z.string().max(60).optional(),
  externalReferences: z.array(z.string().max(200)).max(10).optional(),
  /** Ring up at this earlier instant (it must fall in a business day that is still open). Default: now. */
  at: z.iso.datetime({ offset: true }).optional(),
  lines: z.array(LineInput).min(1).max(500),
  payments: z.array(PaymentInput).min(1).max(20),
});
export type SaleInput = z.infer<typeof SaleInput>;

/** A return or a back-office change to an earlier sale (the original's `accountFiscId`). */
export const CorrectionInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('refund'),
    sale: z.string().min(1),
    location: z.number().int().positive().optional(),
    register: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
    /** Lines to take back (sku and quantity); default the whole sale. */
    lines: z.array(z.object({ sku: z.string().min(1), quantity: Quantity.optional() })).optional(),
    /** How the money goes back; default the original's first payment method. */
    method: z.string().min(1).optional(),
    reason: z.string().max(100).optional(),
  }),
  z.object({
    kind: z.literal('change-payment'),
    sale: z.string().min(1),
    location: z.number().int().positive().optional(),
    from: z.string().min(1),
    to: z.string().min(1),
  }),
  z.object({
    kind: z.literal('cancel'),
    sale: z.string().min(1),
    location: z.number().int().positive().optional(),
    reason: z.string().max(100).optional(),
  }),
]);
export type CorrectionInput = z.infer<typeof CorrectionInput>;
