import { randomUUID } from 'node:crypto';
import type { Order, ReturnItem } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { setCustomField, setCustomType } from './custom-fields.ts';
import {
  AddressDraft,
  Identifier,
  OrderState,
  PaymentState,
  ReturnPaymentState,
  ReturnShipmentState,
  ShipmentState,
} from './drafts.ts';
import { duplicateField, invalidInput, invalidOperation } from './errors.ts';
import { type ActionHandler, parseBody, unknownAction } from './repo.ts';
import type { ProjectState } from './state.ts';

/**
 * Order update actions the source and the shop use [CT types/order/updates/]. Each produces the
 * message its RAML names (OrderStateChanged, OrderPaymentStateChanged, OrderShipmentStateChanged,
 * ReturnInfoAdded, OrderReturnShipmentStateChanged, OrderPaymentAdded/Removed, OrderCustomField*,
 * OrderStateTransition…); `updateSyncInfo` and `setReturnPaymentState` produce none. A state "change"
 * to the state the order already has changes nothing and says nothing.
 */

const ReturnItemDraft = z.object({
  key: z.string().exactOptional(),
  quantity: z.number().int().positive(),
  lineItemId: z.string().exactOptional(),
  customLineItemId: z.string().exactOptional(),
  comment: z.string().exactOptional(),
  shipmentState: ReturnShipmentState,
});
const AddReturnInfo = z.object({
  items: z.array(ReturnItemDraft).min(1),
  returnTrackingId: z.string().exactOptional(),
  returnDate: z.string().exactOptional(),
});

function returned(order: Order, lineId: string): number {
  return (order.returnInfo ?? [])
    .flatMap((r) => r.items)
    .reduce(
      (s, i) =>
        s +
        ((i as { lineItemId?: string }).lineItemId === lineId ||
        (i as { customLineItemId?: string }).customLineItemId === lineId
          ? i.quantity
          : 0),
      0,
    );
}

function addReturnInfo(
  order: Order,
  body: unknown,
  now: string,
): { order: Order; returnInfo: NonNullable<Order['returnInfo']>[number] } {
  const d = parseBody(AddReturnInfo, body, 'addReturnInfo');
  const items = d.items.map((i): ReturnItem => {
    const line =
      order.lineItems.find((l) => l.id === i.lineItemId) ??
      order.customLineItems.find((c) => c.id === i.customLineItemId);
    if (!line)
      throw invalidInput(
        `The return item refers to no line item of the order (${i.lineItemId ?? i.customLineItemId}).`,
      );
    // [unverified] returns beyond the quantity ordered are refused.
    if (returned(order, line.id) + i.quantity > Math.abs(line.quantity)) {
      throw invalidOperation(`Cannot return more than the ${line.quantity} ordered of line item '${line.id}'.`);
    }
    const common = {
      id: randomUUID(),
      ...(i.key ? { key: i.key } : {}),
      quantity: i.quantity,
      ...(i.comment ? { comment: i.comment } : {}),
      shipmentState: i.shipmentState,
      paymentState: 'Initial' as const,
      lastModifiedAt: now,
      createdAt: now,
    };
    return i.lineItemId
      ? { type: 'LineItemReturnItem', ...common, lineItemId: line.id }
      : { type: 'CustomLineItemReturnItem', ...common, customLineItemId: line.id };
  });
  const returnInfo = {
    items,
    ...(d.returnTrackingId ? { returnTrackingId: d.returnTrackingId } : {}),
    returnDate: d.returnDate ?? now,
  };
  return { order: { ...order, returnInfo: [...(order.returnInfo ?? []), returnInfo] }, returnInfo };
}

function mapReturnItem(order: Order, a: Record<string, unknown>, change: (i: ReturnItem) => ReturnItem): Order {
  let hit = false;
  const returnInfo = (order.returnInfo ?? []).map((r) => ({
    ...r,
    items: r.items.map((i) => {
      if (i.id !== a.returnItemId && (a.returnItemKey === undefined || i.key !== a.returnItemKey)) return i;
      hit = true;
      return change(i);
    }),
  }));
  if (!hit) throw invalidInput(`A return item with ID '${String(a.returnItemId ?? a.returnItemKey)}' not found.`);
  return { ...order, returnInfo };
}

export const orderActions =
  (p: ProjectState): ActionHandler<Order> =>
  (order, action, ctx) => {
    const a = action as Record<string, unknown>;
    switch (action.action) {
      case 'changeOrderState': {
        const orderState = parseBody(OrderState, a.orderState, 'orderState');
        if (orderState === order.orderState) return order;
        ctx.emit({ type: 'OrderStateChanged', orderState, oldOrderState: order.orderState });
        return { ...order, orderState };
      }
      case 'changePaymentState': {
        const paymentState = parseBody(PaymentState, a.paymentState, 'paymentState');
        if (paymentState === order.paymentState) return order;
        ctx.emit({
          type: 'OrderPaymentStateChanged',
          paymentState,
          ...(order.paymentState ? { oldPaymentState: order.paymentState } : {}),
        });
        return { ...order, paymentState };
      }
      case 'changeShipmentState': {
        const shipmentState = parseBody(ShipmentState, a.shipmentState, 'shipmentState');
        if (shipmentState === order.shipmentState) return order;
        ctx.emit({
          type: 'OrderShipmentStateChanged',
          shipmentState,
          ...(order.shipmentState ? { oldShipmentState: order.shipmentState } : {}),
        });
        return { ...order, shipmentState };
      }
      case 'addReturnInfo': {
        const done = addReturnInfo(order, a, ctx.now);
        ctx.emit({ type: 'ReturnInfoAdded', returnInfo: done.returnInfo });
        return done.order;
      }
      case 'setReturnPaymentState': {
        const state = parseBody(ReturnPaymentState, a.paymentState, 'paymentState');
        return mapReturnItem(order, a, (i) => ({ ...i, paymentState: state, lastModifiedAt: ctx.now }));
      }
      case 'setReturnShipmentState': {
        const state = parseBody(ReturnShipmentState, a.shipmentState, 'shipmentState');
        const next = mapReturnItem(order, a, (i) => ({ ...i, shipmentState: state, lastModifiedAt: ctx.now }));
        ctx.emit({
          type: 'OrderReturnShipmentStateChanged',
          returnItemId: String(a.returnItemId),
          returnShipmentState: state,
        });
        return next;
      }
      case 'addPayment': {
        const payment = p.resolve(p.payments, parseBody(Identifier, a.payment, 'payment'));
        const payments = order.paymentInfo?.payments ?? [];
        if (payments.some((x) => x.id === payment.id))
          throw invalidOperation(`The payment '${payment.id}' is already on the order.`);
        const paymentRef = { typeId: 'payment' as const, id: payment.id };
        ctx.emit({ type: 'OrderPaymentAdded', paymentRef });
        return { ...order, paymentInfo: { payments: [...payments, paymentRef] } };
      }
      case 'removePayment': {
        const ref = parseBody(Identifier, a.payment, 'payment');
        const payments = order.paymentInfo?.payments ?? [];
        const gone = payments.find(
          (x) => x.id === ref.id || (ref.key !== undefined && p.payments.get(x.id)?.key === ref.key),
        );
        if (!gone) throw invalidOperation('The payment is not on the order.');
        ctx.emit({ type: 'OrderPaymentRemoved', paymentRef: gone });
        return { ...order, paymentInfo: { payments: payments.filter((x) => x !== gone) } };
      }
      case 'updateSyncInfo': {
        const channel = p.resolve(p.channels, parseBody(Identifier, a.channel, 'channel'));
        if (!channel.roles.some((r) => r === 'OrderExport' || r === 'OrderImport')) {
          throw invalidInput(
            `The channel '${channel.key}' needs the role OrderExport or OrderImport to be used in syncInfo.`,
          );
        }
        const entry = {
          channel: { typeId: 'channel' as const, id: channel.id },
          ...(typeof a.externalId === 'string' ? { externalId: a.externalId } : {}),
          syncedAt: typeof a.syncedAt === 'string' ? a.syncedAt : ctx.now,
        };
        return { ...order, syncInfo: [...order.syncInfo, entry] };
      }
      case 'setOrderNumber': {
        const { orderNumber: _old, ...rest } = order;
        if (typeof a.orderNumber !== 'string') return rest;
        if (p.orders.find((o) => o.orderNumber === a.orderNumber && o.id !== order.id))
          throw duplicateField('orderNumber', a.orderNumber);
        return { ...rest, orderNumber: a.orderNumber };
      }
      case 'setPurchaseOrderNumber': {
        // [CT types/order/updates/OrderSetPurchaseOrderNumberAction.raml, OrderPurchaseOrderNumberSetMessage.raml]
        const { purchaseOrderNumber: old, ...rest } = order;
        const next = typeof a.purchaseOrderNumber === 'string' ? a.purchaseOrderNumber : undefined;
        ctx.emit({
          type: 'OrderPurchaseOrderNumberSet',
          ...(next === undefined ? {} : { purchaseOrderNumber: next }),
          ...(old === undefined ? {} : { oldPurchaseOrderNumber: old }),
        });
        return (next === undefined ? rest : { ...rest, purchaseOrderNumber: next }) as Order;
      }
      case 'setCustomerEmail': {
        const { customerEmail: old, ...rest } = order;
        const email = typeof a.email === 'string' ? a.email : undefined;
        ctx.emit({ type: 'OrderCustomerEmailSet', ...(email ? { email } : {}), ...(old ? { oldEmail: old } : {}) });
        return email ? { ...rest, customerEmail: email } : rest;
      }
      case 'setBillingAddress':
      case 'setShippingAddress': {
        const field = action.action === 'setBillingAddress' ? 'billingAddress' : 'shippingAddress';
        const address = a.address === undefined ? undefined : parseBody(AddressDraft, a.address, 'address');
        const { [field]: old, ...rest } = order;
        ctx.emit({
          type: action.action === 'setBillingAddress' ? 'OrderBillingAddressSet' : 'OrderShippingAddressSet',
          ...(address ? { address } : {}),
          ...(old ? { oldAddress: old } : {}),
        });
        return (address ? { ...rest, [field]: address } : rest) as Order;
      }
      case 'transitionState': {
        const state = p.resolve(p.states, parseBody(Identifier, a.state, 'state'));
        if (state.type !== 'OrderState') throw invalidInput(`The state '${state.key}' is not an OrderState.`);
        const from = order.state ? p.states.get(order.state.id) : undefined;
        if (a.force !== true && from?.transitions && !from.transitions.some((t) => t.id === state.id)) {
          throw invalidOperation(`No transition from state '${from.key}' to '${state.key}'.`);
        }
        ctx.emit({
          type: 'OrderStateTransition',
          state: { typeId: 'state', id: state.id },
          ...(order.state ? { oldState: order.state } : {}),
          force: a.force === true,
        });
        return { ...order, state: { typeId: 'state', id: state.id } };
      }
      case 'setCustomType': {
        const custom = setCustomType(p, 'order', a as { type?: z.infer<typeof Identifier> });
        const { custom: _old, ...rest } = order;
        ctx.emit(custom ? { type: 'OrderCustomTypeSet', customFields: custom } : { type: 'OrderCustomTypeRemoved' });
        return custom ? { ...rest, custom } : rest;
      }
      case 'setCustomField': {
        const done = setCustomField(p, order.custom, String(a.name), a.value, 'Order');
        if (done.message) ctx.emit(done.message);
        return { ...order, custom: done.custom };
      }
      default:
        throw unknownAction('order', action.action);
    }
  };
