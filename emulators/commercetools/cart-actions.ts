import type { Cart, LineItem } from '@commercetools/platform-sdk';
import { z } from 'zod';
import {
  CustomLineItemDraft,
  externalRate,
  initialState,
  LineItemDraft,
  newCustomLineItem,
  newLineItem,
  newShippingInfo,
} from './cart-items.ts';
import { externalCartTotal } from './cart-pricing.ts';
import { setCustomField, setCustomType } from './custom-fields.ts';
import {
  AddressDraft,
  ExternalTaxAmountDraft,
  ExternalTaxRateDraft,
  Identifier,
  MoneyDraft,
  RoundingMode,
  TaxMode,
} from './drafts.ts';
import { invalidInput, invalidOperation } from './errors.ts';
import { fromDraft } from './money.ts';
import { type ActionHandler, parseBody, unknownAction } from './repo.ts';
import type { ProjectState } from './state.ts';
import { externalAmountItem } from './tax.ts';

/**
 * Cart update actions [CT types/cart/updates/]. Only an `Active` cart can change. Adding a variant
 * that is already in the cart raises its quantity instead of adding a second line. The ExternalAmount
 * actions (`setLineItemTaxAmount`, `setShippingMethodTaxAmount`, `setCartTotalTax`) are refused in
 * other tax modes, as are external rates outside `External`.
 */

const opt = <T>(schema: z.ZodType<T>, v: unknown, what: string): T | undefined =>
  v === undefined || v === null ? undefined : parseBody(schema, v, what);

function lineOf(cart: Cart, a: Record<string, unknown>): LineItem {
  const line = cart.lineItems.find(
    (l) => l.id === a.lineItemId || (a.lineItemKey !== undefined && l.key === a.lineItemKey),
  );
  if (!line) throw invalidInput(`A line item with ID '${String(a.lineItemId ?? a.lineItemKey)}' not found.`);
  return line;
}

const requireMode = (cart: Cart, mode: Cart['taxMode'], action: string): void => {
  if (cart.taxMode !== mode) throw invalidOperation(`${action} is only allowed for carts with taxMode ${mode}.`);
};

const withQuantity = (l: LineItem, p: ProjectState, quantity: number): LineItem => ({
  ...l,
  quantity,
  state: initialState(p, quantity),
});

export const cartActions =
  (p: ProjectState): ActionHandler<Cart> =>
  (cart, action) => {
    if (cart.cartState !== 'Active') throw invalidOperation(`The cart is ${cart.cartState} and cannot be changed.`);
    const a = action as Record<string, unknown>;
    switch (action.action) {
      case 'addLineItem': {
        const line = newLineItem(p, cart, parseBody(LineItemDraft, a, 'addLineItem'));
        const same = cart.lineItems.find(
          (l) => l.productId === line.productId && l.variant.id === line.variant.id && l.priceMode === line.priceMode,
        );
        if (same)
          return {
            ...cart,
            lineItems: cart.lineItems.map((l) => (l === same ? withQuantity(l, p, l.quantity + line.quantity) : l)),
          };
        return { ...cart, lineItems: [...cart.lineItems, line] };
      }
      case 'removeLineItem': {
        const line = lineOf(cart, a);
        const left = typeof a.quantity === 'number' ? line.quantity - a.quantity : 0;
        const lineItems =
          left > 0
            ? cart.lineItems.map((l) => (l === line ? withQuantity(l, p, left) : l))
            : cart.lineItems.filter((l) => l !== line);
        return { ...cart, lineItems };
      }
      case 'changeLineItemQuantity': {
        const line = lineOf(cart, a);
        const q = parseBody(z.number().int().nonnegative(), a.quantity, 'quantity');
        return {
          ...cart,
          lineItems:
            q === 0
              ? cart.lineItems.filter((l) => l !== line)
              : cart.lineItems.map((l) => (l === line ? withQuantity(l, p, q) : l)),
        };
      }
      case 'addCustomLineItem':
        return {
          ...cart,
          customLineItems: [...cart.customLineItems, newCustomLineItem(p, cart, parseBody(CustomLineItemDraft, a))],
        };
      case 'removeCustomLineItem':
        return {
          ...cart,
          customLineItems: cart.customLineItems.filter(
            (c) => c.id !== a.customLineItemId && c.key !== a.customLineItemKey,
          ),
        };
      case 'setShippingAddress':
      case 'setBillingAddress': {
        const field = action.action === 'setShippingAddress' ? 'shippingAddress' : 'billingAddress';
        const { [field]: _old, ...rest } = cart;
        const address = opt(AddressDraft, a.address, 'address');
        return (address ? { ...rest, [field]: address } : rest) as Cart;
      }
      case 'setShippingMethod': {
        const { shippingInfo: _old, ...rest } = cart;
        const ref = opt(Identifier, a.shippingMethod, 'shippingMethod');
        const external = opt(ExternalTaxRateDraft, a.externalTaxRate, 'externalTaxRate');
        if (external) requireMode(cart, 'External', 'externalTaxRate');
        return ref
          ? { ...rest, shippingInfo: newShippingInfo(p, cart, ref, external ? externalRate(external) : undefined) }
          : rest;
      }
      case 'setCustomerEmail': {
        const { customerEmail: _old, ...rest } = cart;
        return typeof a.email === 'string' ? { ...rest, customerEmail: a.email } : rest;
      }
      case 'setCustomerId': {
        const { customerId: _old, ...rest } = cart;
        return typeof a.customerId === 'string'
          ? { ...rest, customerId: p.resolve(p.customers, { id: a.customerId }).id }
          : rest;
      }
      case 'setCountry': {
        const { country: _old, ...rest } = cart;
        return typeof a.country === 'string' ? { ...rest, country: a.country } : rest;
      }
      case 'setKey': {
        const { key: _old, ...rest } = cart;
        return typeof a.key === 'string' ? { ...rest, key: a.key } : rest;
      }
      case 'changeTaxMode':
        return { ...cart, taxMode: parseBody(TaxMode, a.taxMode, 'taxMode') };
      case 'changeTaxRoundingMode':
        return { ...cart, taxRoundingMode: parseBody(RoundingMode, a.taxRoundingMode, 'taxRoundingMode') };
      case 'setLineItemTaxRate': {
        requireMode(cart, 'External', action.action);
        const line = lineOf(cart, a);
        const rate = opt(ExternalTaxRateDraft, a.externalTaxRate, 'externalTaxRate');
        const { taxRate: _r, taxedPrice: _t, ...bare } = line;
        return {
          ...cart,
          lineItems: cart.lineItems.map((l) =>
            l === line ? (rate ? { ...bare, taxRate: externalRate(rate) } : bare) : l,
          ),
        };
      }
      case 'setShippingMethodTaxRate': {
        requireMode(cart, 'External', action.action);
        if (!cart.shippingInfo) throw invalidOperation('The cart has no shipping method.');
        const rate = opt(ExternalTaxRateDraft, a.externalTaxRate, 'externalTaxRate');
        const { taxRate: _r, taxedPrice: _t, ...bare } = cart.shippingInfo;
        return { ...cart, shippingInfo: rate ? { ...bare, taxRate: externalRate(rate) } : bare };
      }
      case 'setLineItemTaxAmount': {
        requireMode(cart, 'ExternalAmount', action.action);
        const line = lineOf(cart, a);
        const amount = opt(ExternalTaxAmountDraft, a.externalTaxAmount, 'externalTaxAmount');
        const { taxRate: _r, taxedPrice: _t, ...bare } = line;
        const next = amount
          ? {
              ...bare,
              taxRate: externalRate(amount.taxRate),
              taxedPrice: externalAmountItem(
                line.totalPrice,
                fromDraft(amount.totalGross),
                externalRate(amount.taxRate),
                cart.taxRoundingMode,
              ),
            }
          : bare;
        return { ...cart, lineItems: cart.lineItems.map((l) => (l === line ? next : l)) };
      }
      case 'setShippingMethodTaxAmount': {
        requireMode(cart, 'ExternalAmount', action.action);
        if (!cart.shippingInfo) throw invalidOperation('The cart has no shipping method.');
        const amount = opt(ExternalTaxAmountDraft, a.externalTaxAmount, 'externalTaxAmount');
        const { taxRate: _r, taxedPrice: _t, ...bare } = cart.shippingInfo;
        const rate = amount ? externalRate(amount.taxRate) : undefined;
        return {
          ...cart,
          shippingInfo:
            amount && rate
              ? {
                  ...bare,
                  taxRate: rate,
                  taxedPrice: externalAmountItem(bare.price, fromDraft(amount.totalGross), rate, cart.taxRoundingMode),
                }
              : bare,
        };
      }
      case 'setCartTotalTax': {
        requireMode(cart, 'ExternalAmount', action.action);
        const gross = fromDraft(parseBody(MoneyDraft, a.externalTotalGross, 'externalTotalGross'));
        const portions = opt(
          z.array(z.object({ name: z.string().optional(), rate: z.number().min(0).max(1), amount: MoneyDraft })),
          a.externalTaxPortions,
          'externalTaxPortions',
        );
        const items = [
          ...cart.lineItems,
          ...cart.customLineItems,
          ...(cart.shippingInfo ? [cart.shippingInfo] : []),
        ].map((i) => i.taxedPrice);
        const list = portions?.map((x) => ({
          rate: x.rate,
          amount: fromDraft(x.amount),
          ...(x.name ? { name: x.name } : {}),
        }));
        return { ...cart, taxedPrice: externalCartTotal(gross, list, items) };
      }
      case 'addPayment': {
        const payment = p.resolve(p.payments, parseBody(Identifier, a.payment, 'payment'));
        const payments = cart.paymentInfo?.payments ?? [];
        return { ...cart, paymentInfo: { payments: [...payments, { typeId: 'payment', id: payment.id }] } };
      }
      case 'setCustomType':
        return withCustom(cart, setCustomType(p, 'order', a as { type?: z.infer<typeof Identifier> }));
      case 'setCustomField':
        return { ...cart, custom: setCustomField(p, cart.custom, String(a.name), a.value, undefined).custom };
      default:
        throw unknownAction('cart', action.action);
    }
  };

function withCustom(cart: Cart, custom: Cart['custom']): Cart {
  const { custom: _old, ...rest } = cart;
  return custom ? { ...rest, custom } : rest;
}
