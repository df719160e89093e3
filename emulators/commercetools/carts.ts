import { randomUUID } from 'node:crypto';
import type { Cart } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { cartActions } from './cart-actions.ts';
import {
  CustomLineItemDraft,
  externalRate,
  LineItemDraft,
  newCustomLineItem,
  newLineItem,
  newShippingInfo,
} from './cart-items.ts';
import { recalculate } from './cart-pricing.ts';
import { buildCustom } from './custom-fields.ts';
import {
  AddressDraft,
  CustomFieldsDraft,
  ExternalTaxRateDraft,
  Identifier,
  RoundingMode,
  TaxCalculationMode,
  TaxMode,
} from './drafts.ts';
import { invalidInput } from './errors.ts';
import { money } from './money.ts';
import { type Actor, baseFields, parseBody } from './repo.ts';
import { type ResourceKind, storeOf } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * Carts [CT types/cart/{Cart,CartDraft}.raml, resources/carts.raml]: created with line items by SKU,
 * addresses and a shipping method, priced and taxed on every change (cart-pricing.ts), and ordered
 * with `POST /orders` (orders.ts). A cart created in a store carries `store` and is invisible to
 * other stores' routes.
 */

export const CartDraft = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  key: z.string().optional(),
  customerId: z.string().optional(),
  customerEmail: z.string().optional(),
  anonymousId: z.string().optional(),
  businessUnit: Identifier.optional(),
  store: Identifier.optional(),
  lineItems: z.array(LineItemDraft).optional(),
  customLineItems: z.array(CustomLineItemDraft).optional(),
  taxMode: TaxMode.optional(),
  externalTaxRateForShippingMethod: ExternalTaxRateDraft.optional(),
  priceRoundingMode: RoundingMode.optional(),
  taxRoundingMode: RoundingMode.optional(),
  taxCalculationMode: TaxCalculationMode.optional(),
  inventoryMode: z.enum(['None', 'TrackOnly', 'ReserveOnOrder']).optional(),
  billingAddress: AddressDraft.optional(),
  shippingAddress: AddressDraft.optional(),
  shippingMethod: Identifier.optional(),
  country: z.string().optional(),
  locale: z.string().optional(),
  origin: z.enum(['Customer', 'Merchant', 'Quote', 'RecurringOrder']).optional(),
  purchaseOrderNumber: z.string().optional(),
  custom: CustomFieldsDraft.optional(),
});
export type CartDraft = z.infer<typeof CartDraft>;

export function createCart(p: ProjectState, draft: CartDraft, actor: Actor, storeKey?: string): Cart {
  const storeRef = storeKey !== undefined ? { key: storeKey } : draft.store;
  const store = storeRef ? p.resolve(p.stores, storeRef) : undefined;
  const customer = draft.customerId ? p.resolve(p.customers, { id: draft.customerId }) : undefined;
  const businessUnit = draft.businessUnit ? p.resolve(p.businessUnits, draft.businessUnit) : undefined;
  const taxMode = draft.taxMode ?? 'Platform';
  if (draft.externalTaxRateForShippingMethod && taxMode !== 'External') {
    throw invalidInput('externalTaxRateForShippingMethod needs taxMode External.');
  }
  const base: Cart = {
    id: randomUUID(),
    version: 1,
    ...(draft.key ? { key: draft.key } : {}),
    ...(customer ? { customerId: customer.id } : {}),
    ...(draft.customerEmail
      ? { customerEmail: draft.customerEmail }
      : customer
        ? { customerEmail: customer.email }
        : {}),
    ...(draft.anonymousId ? { anonymousId: draft.anonymousId } : {}),
    ...(businessUnit ? { businessUnit: { typeId: 'business-unit', key: businessUnit.key } } : {}),
    ...(store ? { store: { typeId: 'store', key: store.key } } : {}),
    lineItems: [],
    customLineItems: [],
    totalPrice: money(draft.currency, 0),
    taxMode,
    priceRoundingMode: draft.priceRoundingMode ?? p.settings.carts.priceRoundingMode ?? 'HalfEven',
    taxRoundingMode: draft.taxRoundingMode ?? p.settings.carts.taxRoundingMode ?? 'HalfEven',
    taxCalculationMode: draft.taxCalculationMode ?? 'LineItemLevel',
    inventoryMode: draft.inventoryMode ?? 'None',
    cartState: 'Active',
    ...(draft.billingAddress ? { billingAddress: draft.billingAddress } : {}),
    ...(draft.shippingAddress ? { shippingAddress: draft.shippingAddress } : {}),
    shippingMode: 'Single',
    shipping: [],
    itemShippingAddresses: [],
    discountCodes: [],
    directDiscounts: [],
    refusedGifts: [],
    ...(draft.country ? { country: draft.country } : {}),
    ...(draft.locale ? { locale: draft.locale } : {}),
    origin: draft.origin ?? 'Customer',
    ...(draft.purchaseOrderNumber ? { purchaseOrderNumber: draft.purchaseOrderNumber } : {}),
    deleteDaysAfterLastModification: p.settings.carts.deleteDaysAfterLastModification,
    ...baseFields(p.now(), actor),
  };
  const custom = buildCustom(p, 'order', draft.custom);
  let cart: Cart = { ...base, ...(custom ? { custom } : {}) };
  cart = { ...cart, lineItems: (draft.lineItems ?? []).map((d) => newLineItem(p, cart, d)) };
  cart = { ...cart, customLineItems: (draft.customLineItems ?? []).map((d) => newCustomLineItem(p, cart, d)) };
  if (draft.shippingMethod) {
    const rate = draft.externalTaxRateForShippingMethod
      ? externalRate(draft.externalTaxRateForShippingMethod)
      : undefined;
    cart = { ...cart, shippingInfo: newShippingInfo(p, cart, draft.shippingMethod, rate) };
  }
  return recalculate(p, cart);
}

export const cartKind = (p: ProjectState): ResourceKind<Cart> => ({
  path: 'carts',
  repo: (x) => x.carts,
  view: ['view_orders'],
  manage: ['manage_orders'],
  inStore: true,
  identifiers: ['key'],
  create: (ctx, body) => ({
    resource: createCart(ctx.project, parseBody(CartDraft, body), ctx.actor, ctx.storeKey),
    messages: [],
  }),
  actions: cartActions(p),
  inStoreVisible: (cart, storeKey) => storeOf(cart) === storeKey,
  afterUpdate: (ctx, cart) => recalculate(ctx.project, cart),
});
