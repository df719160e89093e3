import { randomUUID } from 'node:crypto';
import type { Cart, Order } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { recalculate } from './cart-pricing.ts';
import { buildCustom } from './custom-fields.ts';
import { CustomFieldsDraft, Identifier, OrderState, PaymentState, ShipmentState } from './drafts.ts';
import {
  CtError,
  concurrentModification,
  countryNotInStore,
  duplicateField,
  invalidOperation,
  referencedNotFound,
} from './errors.ts';
import { orderActions } from './order-actions.ts';
import { importOrder, OrderImportDraft } from './order-import.ts';
import { type Actor, baseFields, parseBody } from './repo.ts';
import { type RequestCtx, type ResourceKind, storeOf } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * Orders [CT types/order/{Order,OrderFromCartDraft}.raml, resources/orders.raml]: created from a Cart
 * at the cart's current `version` (else 409), only from an `Active` cart with a shipping address
 * "regardless of the TaxMode"; External carts need every rate set, ExternalAmount carts every amount
 * and the total. The cart becomes `Ordered`. Produces `OrderCreated` with the full order; an import
 * (`POST /orders/import`, order-import.ts) produces `OrderImported`.
 */

export const OrderFromCartDraft = z.object({
  id: z.string().optional(),
  cart: Identifier.optional(),
  version: z.number().int().positive(),
  orderNumber: z.string().min(1).optional(),
  purchaseOrderNumber: z.string().optional(),
  paymentState: PaymentState.optional(),
  shipmentState: ShipmentState.optional(),
  orderState: OrderState.optional(),
  custom: CustomFieldsDraft.optional(),
});
export type OrderFromCartDraft = z.infer<typeof OrderFromCartDraft>;

export function assertOrderNumberFree(p: ProjectState, orderNumber: string | undefined): void {
  if (orderNumber !== undefined && p.orders.find((o) => o.orderNumber === orderNumber)) {
    throw duplicateField('orderNumber', orderNumber);
  }
}

function checkOrderable(p: ProjectState, cart: Cart): void {
  if (cart.cartState !== 'Active')
    throw invalidOperation(`The cart '${cart.id}' is ${cart.cartState} and cannot be ordered.`);
  const address = cart.shippingAddress;
  if (!address) throw invalidOperation('The cart must have a shipping address to be ordered.');
  const storeKey = storeOf(cart);
  const store = storeKey ? p.stores.byKey(storeKey) : undefined;
  const codes = store?.countries.map((c) => c.code) ?? [];
  if (store && codes.length > 0 && !codes.includes(address.country))
    throw countryNotInStore(address.country, store.key, codes);
  if (cart.shippingInfo?.shippingMethodState === 'DoesNotMatchCart') {
    throw new CtError(400, [
      {
        code: 'ShippingMethodDoesNotMatchCart',
        message: 'The predicate does not match the cart or the shipping rate was not found.',
      },
    ]);
  }
  const items = [...cart.lineItems, ...cart.customLineItems, ...(cart.shippingInfo ? [cart.shippingInfo] : [])];
  if (cart.taxMode === 'External' && items.some((i) => !i.taxRate)) {
    throw invalidOperation(
      'A cart with taxMode External can only be ordered when every item and the shipping method have an external tax rate.',
    );
  }
  if (cart.taxMode === 'ExternalAmount' && (items.some((i) => !i.taxedPrice) || !cart.taxedPrice)) {
    throw invalidOperation(
      'A cart with taxMode ExternalAmount can only be ordered when every item, the shipping method and the cart total have external tax amounts.',
    );
  }
}

export function orderFromCart(
  p: ProjectState,
  draft: OrderFromCartDraft,
  actor: Actor,
  storeKey?: string,
): { order: Order; cart: Cart } {
  const ref = draft.cart ?? (draft.id ? { id: draft.id } : undefined);
  if (!ref?.id) throw invalidOperation('The cart to order is missing.');
  const found = p.carts.get(ref.id);
  if (!found || (storeKey !== undefined && storeOf(found) !== storeKey))
    throw referencedNotFound('cart', { id: ref.id });
  if (found.version !== draft.version) throw concurrentModification(found.id, draft.version, found.version);
  checkOrderable(p, found);
  const cart = recalculate(p, found);
  if (cart.taxMode === 'Platform' && !cart.taxedPrice) throw invalidOperation('The cart could not be taxed.');
  assertOrderNumberFree(p, draft.orderNumber);
  const now = p.now();
  const {
    id: _id,
    version: _v,
    cartState: _s,
    key: _k,
    deleteDaysAfterLastModification: _d,
    createdAt: _c,
    lastModifiedAt: _m,
    createdBy: _cb,
    lastModifiedBy: _mb,
    totalLineItemQuantity: _q,
    itemShippingAddresses: _a,
    directDiscounts: _dd,
    custom: cartCustom,
    ...carried
  } = cart;
  const custom = draft.custom ? buildCustom(p, 'order', draft.custom) : cartCustom;
  const order: Order = {
    type: 'Order',
    id: randomUUID(),
    version: 1,
    ...(draft.orderNumber ? { orderNumber: draft.orderNumber } : {}),
    ...carried,
    ...(draft.purchaseOrderNumber ? { purchaseOrderNumber: draft.purchaseOrderNumber } : {}),
    orderState: draft.orderState ?? 'Open',
    ...(draft.paymentState ? { paymentState: draft.paymentState } : {}),
    ...(draft.shipmentState ? { shipmentState: draft.shipmentState } : {}),
    syncInfo: [],
    returnInfo: [],
    cart: { typeId: 'cart', id: cart.id },
    ...(custom ? { custom } : {}),
    ...baseFields(now, actor),
  } as Order;
  const ordered: Cart = {
    ...found,
    cartState: 'Ordered',
    version: found.version + 1,
    lastModifiedAt: now,
    lastModifiedBy: actor,
  };
  return { order, cart: ordered };
}

function createOrder(ctx: RequestCtx, body: unknown) {
  const { order, cart } = orderFromCart(ctx.project, parseBody(OrderFromCartDraft, body), ctx.actor, ctx.storeKey);
  ctx.project.commit(ctx.project.carts, cart, [], ctx.actor);
  return { resource: order, messages: [{ type: 'OrderCreated', order }] };
}

export const orderKind = (p: ProjectState): ResourceKind<Order> => ({
  path: 'orders',
  repo: (x) => x.orders,
  view: ['view_orders'],
  manage: ['manage_orders'],
  inStore: true,
  identifiers: ['order-number'],
  create: createOrder,
  actions: orderActions(p),
  inStoreVisible: (order, storeKey) => storeOf(order) === storeKey,
  deleted: (order) => [{ type: 'OrderDeleted', order }],
});

/** `POST /orders/import` (and its in-store twin). */
export function createImported(ctx: RequestCtx, body: unknown) {
  const order = importOrder(ctx.project, parseBody(OrderImportDraft, body), ctx.actor, ctx.storeKey);
  return { resource: order, messages: [{ type: 'OrderImported', order }] };
}
