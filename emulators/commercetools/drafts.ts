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
  type: z.literal('centPrecision').exactOptional(),
  fractionDigits: z.number().int().exactOptional(),
});

export const Identifier = z.object({
  typeId: z.string().exactOptional(),
  id: z.string().exactOptional(),
  key: z.string().exactOptional(),
});
export type Identifier = z.infer<typeof Identifier>;

export const AddressDraft = z
  .object({
    id: z.string().exactOptional(),
    key: z.string().exactOptional(),
    country: z.string().regex(/^[A-Z]{2}$/),
    title: z.string().exactOptional(),
    salutation: z.string().exactOptional(),
    firstName: z.string().exactOptional(),
    lastName: z.string().exactOptional(),
    streetName: z.string().exactOptional(),
    streetNumber: z.string().exactOptional(),
    additionalStreetInfo: z.string().exactOptional(),
    postalCode: z.string().exactOptional(),
    city: z.string().exactOptional(),
    region: z.string().exactOptional(),
    state: z.string().exactOptional(),
    company: z.string().exactOptional(),
    department: z.string().exactOptional(),
    building: z.string().exactOptional(),
    apartment: z.string().exactOptional(),
    pOBox: z.string().exactOptional(),
    phone: z.string().exactOptional(),
    mobile: z.string().exactOptional(),
    email: z.string().exactOptional(),
    additionalAddressInfo: z.string().exactOptional(),
    externalId: z.string().exactOptional(),
  })
  .strip();
export type AddressDraft = z.infer<typeof AddressDraft>;

export const SubRate = z.object({ name: z.string(), amount: z.number().min(0).max(1) });

export const ExternalTaxRateDraft = z.object({
  name: z.string(),
  amount: z.number().min(0).max(1).exactOptional(),
  includedInPrice: z.boolean().exactOptional(),
  country: z.string(),
  state: z.string().exactOptional(),
  subRates: z.array(SubRate).exactOptional(),
  taxRoundingTarget: z.enum(['Net', 'Tax']).exactOptional(),
});
export type ExternalTaxRateDraft = z.infer<typeof ExternalTaxRateDraft>;

export const TaxRateDraft = z.object({
  name: z.string(),
  amount: z.number().min(0).max(1).exactOptional(),
  includedInPrice: z.boolean(),
  country: z.string(),
  state: z.string().exactOptional(),
  key: z.string().exactOptional(),
  subRates: z.array(SubRate).exactOptional(),
});

export const ExternalTaxAmountDraft = z.object({ totalGross: MoneyDraft, taxRate: ExternalTaxRateDraft });

export const CustomFieldsDraft = z.object({
  type: Identifier,
  fields: z.record(z.string(), z.unknown()).exactOptional(),
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
