import { randomUUID } from 'node:crypto';
import type { LineItem, Order, TaxRate } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { initialState } from './cart-items.ts';
import { buildCustom } from './custom-fields.ts';
import {
  AddressDraft,
  CustomFieldsDraft,
  Identifier,
  LocalizedString,
  MoneyDraft,
  OrderState,
  PaymentState,
  RoundingMode,
  ShipmentState,
  TaxCalculationMode,
  TaxRateDraft,
} from './drafts.ts';
import { duplicateField, invalidOperation } from './errors.ts';
import { fromDraft, money } from './money.ts';
import { findBySku, variantsOf } from './products.ts';
import { type Actor, baseFields } from './repo.ts';
import type { ProjectState } from './state.ts';
import { taxItem } from './tax.ts';

/**
 * Order Import [CT types/order/{OrderImportDraft,LineItemImportDraft,ProductVariantImportDraft}.raml]:
 * an order "without needing to create a Cart first". Totals and the order's `taxedPrice` are taken as
 * sent; each line's variant must exist (by `variant.sku`, or `productId` + `variant.id`), its
 * quantity and price may be negative, and a line's `taxedPrice` follows from its `taxRate`. Imports
 * carry no `taxMode` and no `cart` (inference: neither is in the draft).
 */

const LineItemImportDraft = z.object({
  name: LocalizedString,
  key: z.string().optional(),
  productId: z.string().optional(),
  variant: z.object({ id: z.number().int().optional(), sku: z.string().optional() }).loose(),
  quantity: z.number().int(),
  price: z.object({ value: MoneyDraft, country: z.string().optional() }),
  taxRate: TaxRateDraft.optional(),
});

const TaxedPriceDraft = z.object({
  totalNet: MoneyDraft,
  totalGross: MoneyDraft,
  taxPortions: z.array(z.object({ name: z.string().optional(), rate: z.number().min(0).max(1), amount: MoneyDraft })),
  totalTax: MoneyDraft.optional(),
});

export const OrderImportDraft = z.object({
  orderNumber: z.string().min(1).optional(),
  purchaseOrderNumber: z.string().optional(),
  customerId: z.string().optional(),
  customerEmail: z.string().optional(),
  businessUnit: Identifier.optional(),
  store: Identifier.optional(),
  lineItems: z.array(LineItemImportDraft).optional(),
  totalPrice: MoneyDraft,
  taxedPrice: TaxedPriceDraft.optional(),
  taxRoundingMode: RoundingMode.optional(),
  taxCalculationMode: TaxCalculationMode.optional(),
  billingAddress: AddressDraft.optional(),
  shippingAddress: AddressDraft.optional(),
  paymentState: PaymentState.optional(),
  shipmentState: ShipmentState.optional(),
  orderState: OrderState.optional(),
  country: z.string().optional(),
  origin: z.enum(['Customer', 'Merchant', 'Quote', 'RecurringOrder']).optional(),
  completedAt: z.string().optional(),
  custom: CustomFieldsDraft.optional(),
});
export type OrderImportDraft = z.infer<typeof OrderImportDraft>;

function importLine(
  p: ProjectState,
  d: z.infer<typeof LineItemImportDraft>,
  rounding: Order['taxRoundingMode'],
): LineItem {
  const found = d.variant.sku
    ? findBySku(p, d.variant.sku, 'staged')
    : (() => {
        const product = d.productId ? p.products.get(d.productId) : undefined;
        const variant = product ? variantsOf(product, 'staged').find((v) => v.id === d.variant.id) : undefined;
        return product && variant ? { product, variant } : undefined;
      })();
  if (!found)
    throw invalidOperation(
      `The product variant '${d.variant.sku ?? `${d.productId}/${d.variant.id}`}' of an imported line item does not exist.`,
    );
  const price = fromDraft(d.price.value);
  const totalPrice = money(price.currencyCode, price.centAmount * d.quantity);
  const rate: TaxRate | undefined = d.taxRate
    ? { ...d.taxRate, amount: d.taxRate.amount ?? 0, subRates: d.taxRate.subRates ?? [] }
    : undefined;
  const data = found.product.masterData.current;
  return {
    id: randomUUID(),
    ...(d.key ? { key: d.key } : {}),
    productId: found.product.id,
    name: d.name,
    productType: found.product.productType,
    productSlug: data.slug,
    variant: found.variant,
    price: { id: randomUUID(), value: price },
    quantity: d.quantity,
    discountedPricePerQuantity: [],
    ...(rate
      ? { taxRate: rate, taxedPrice: taxItem(totalPrice, d.quantity, rate, 'LineItemLevel', rounding ?? 'HalfEven') }
      : {}),
    state: initialState(p, d.quantity),
    priceMode: 'ExternalPrice',
    lineItemMode: 'Standard',
    totalPrice,
    perMethodTaxRate: [],
    taxedPricePortions: [],
  };
}

export function importOrder(p: ProjectState, d: OrderImportDraft, actor: Actor, storeKey?: string): Order {
  if (d.orderNumber !== undefined && p.orders.find((o) => o.orderNumber === d.orderNumber)) {
    throw duplicateField('orderNumber', d.orderNumber);
  }
  const storeRef = storeKey !== undefined ? { key: storeKey } : d.store;
  const store = storeRef ? p.resolve(p.stores, storeRef) : undefined;
  const bu = d.businessUnit ? p.resolve(p.businessUnits, d.businessUnit) : undefined;
  const customer = d.customerId ? p.resolve(p.customers, { id: d.customerId }) : undefined;
  const rounding = d.taxRoundingMode ?? 'HalfEven';
  const custom = buildCustom(p, 'order', d.custom);
  const taxed = d.taxedPrice;
  return {
    type: 'Order',
    id: randomUUID(),
    version: 1,
    ...(d.orderNumber ? { orderNumber: d.orderNumber } : {}),
    ...(d.purchaseOrderNumber ? { purchaseOrderNumber: d.purchaseOrderNumber } : {}),
    ...(customer ? { customerId: customer.id } : {}),
    ...(d.customerEmail ? { customerEmail: d.customerEmail } : {}),
    ...(bu ? { businessUnit: { typeId: 'business-unit', key: bu.key } } : {}),
    ...(store ? { store: { typeId: 'store', key: store.key } } : {}),
    lineItems: (d.lineItems ?? []).map((l) => importLine(p, l, rounding)),
    customLineItems: [],
    totalPrice: fromDraft(d.totalPrice),
    ...(taxed
      ? {
          taxedPrice: {
            totalNet: fromDraft(taxed.totalNet),
            totalGross: fromDraft(taxed.totalGross),
            taxPortions: taxed.taxPortions.map((t) => ({
              rate: t.rate,
              amount: fromDraft(t.amount),
              ...(t.name ? { name: t.name } : {}),
            })),
            totalTax: taxed.totalTax
              ? fromDraft(taxed.totalTax)
              : money(taxed.totalGross.currencyCode, taxed.totalGross.centAmount - taxed.totalNet.centAmount),
          },
        }
      : {}),
    taxRoundingMode: rounding,
    taxCalculationMode: d.taxCalculationMode ?? 'LineItemLevel',
    inventoryMode: 'None',
    ...(d.billingAddress ? { billingAddress: d.billingAddress } : {}),
    ...(d.shippingAddress ? { shippingAddress: d.shippingAddress } : {}),
    shippingMode: 'Single',
    shipping: [],
    discountCodes: [],
    refusedGifts: [],
    ...(d.country ? { country: d.country } : {}),
    origin: d.origin ?? 'Customer',
    orderState: d.orderState ?? 'Open',
    ...(d.paymentState ? { paymentState: d.paymentState } : {}),
    ...(d.shipmentState ? { shipmentState: d.shipmentState } : {}),
    syncInfo: [],
    returnInfo: [],
    ...(custom ? { custom } : {}),
    ...(d.completedAt ? { completedAt: d.completedAt } : {}),
    ...baseFields(p.now(), actor),
  } as Order;
}
