import { z } from 'zod';

/**
 * zod schemas of the draft pieces many endpoints share [CT types/common/*.raml, types/cart/
 * ExternalTaxRateDraft.raml, types/type/CustomFieldsDraft.raml]. Unknown fields are kept out of
 * the stored resource by the builders, not rejected here.
 */

export const LocalizedString = z.record(z.string(), z.string());

export const MoneyDraft = z.object({
  currencyCode: z.string(),
  centAmount: z.number().int(),
  type: z.literal('centPrecision').optional(),
  fractionDigits: z.number().int().optional(),
});

export const Identifier = z.object({
  typeId: z.string().optional(),
  id: z.string().optional(),
  key: z.string().optional(),
});
export type Identifier = z.infer<typeof Identifier>;

export const AddressDraft = z
  .object({
    id: z.string().optional(),
    key: z.string().optional(),
    country: z.string().regex(/^[A-Z]{2}$/),
    title: z.string().optional(),
    salutation: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    streetName: z.string().optional(),
    streetNumber: z.string().optional(),
    additionalStreetInfo: z.string().optional(),
    postalCode: z.string().optional(),
    city: z.string().optional(),
    region: z.string().optional(),
    state: z.string().optional(),
    company: z.string().optional(),
    department: z.string().optional(),
    building: z.string().optional(),
    apartment: z.string().optional(),
    pOBox: z.string().optional(),
    phone: z.string().optional(),
    mobile: z.string().optional(),
    email: z.string().optional(),
    additionalAddressInfo: z.string().optional(),
    externalId: z.string().optional(),
  })
  .strip();
export type AddressDraft = z.infer<typeof AddressDraft>;

export const SubRate = z.object({ name: z.string(), amount: z.number().min(0).max(1) });

export const ExternalTaxRateDraft = z.object({
  name: z.string(),
  amount: z.number().min(0).max(1).optional(),
  includedInPrice: z.boolean().optional(),
  country: z.string(),
  state: z.string().optional(),
  subRates: z.array(SubRate).optional(),
  taxRoundingTarget: z.enum(['Net', 'Tax']).optional(),
});
export type ExternalTaxRateDraft = z.infer<typeof ExternalTaxRateDraft>;

export const TaxRateDraft = z.object({
  name: z.string(),
  amount: z.number().min(0).max(1).optional(),
  includedInPrice: z.boolean(),
  country: z.string(),
  state: z.string().optional(),
  key: z.string().optional(),
  subRates: z.array(SubRate).optional(),
});

export const ExternalTaxAmountDraft = z.object({ totalGross: MoneyDraft, taxRate: ExternalTaxRateDraft });

export const CustomFieldsDraft = z.object({
  type: Identifier,
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type CustomFieldsDraft = z.infer<typeof CustomFieldsDraft>;

export const RoundingMode = z.enum(['HalfEven', 'HalfUp', 'HalfDown']);
export const TaxMode = z.enum(['Platform', 'External', 'ExternalAmount', 'Disabled']);
export const TaxCalculationMode = z.enum(['LineItemLevel', 'UnitPriceLevel']);
export const OrderState = z.enum(['Open', 'Confirmed', 'Complete', 'Cancelled']);
export const PaymentState = z.enum(['BalanceDue', 'Failed', 'Pending', 'CreditOwed', 'Paid']);
export const ShipmentState = z.enum([
  'Shipped',
  'Delivered',
  'Ready',
  'Pending',
  'Delayed',
  'Partial',
  'Backorder',
  'Canceled',
]);
export const ReturnShipmentState = z.enum(['Advised', 'Returned', 'BackInStock', 'Unusable']);
export const ReturnPaymentState = z.enum(['NonRefundable', 'Initial', 'Refunded', 'NotRefunded']);
export const TransactionType = z.enum(['Authorization', 'CancelAuthorization', 'Charge', 'Refund', 'Chargeback']);
export const TransactionState = z.enum(['Initial', 'Pending', 'Success', 'Failure']);
