import type { PaymentStatus } from './statuses.ts';
import type { Cents } from './values.ts';

/** What a store holds. Amounts are cents; JSON shapes are built from these in the *-json files. */

/** A store-level API account [BC-AUTH api-accounts.mdx]: a static token with scopes fixed at creation. */
export interface ApiAccount {
  name: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  scopes: ReadonlySet<string>;
}

export interface Address {
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

export interface OrderAddress extends Address {
  id: number;
  shippingMethod: string;
  /** Shipping and handling on this address, ex/inc tax (cents) and the rate used. */
  shippingEx: Cents;
  shippingInc: Cents;
  handlingEx: Cents;
  handlingInc: Cents;
  shippingTaxRate: number;
  zoneId: number;
  zoneName: string;
}

export interface LineOption {
  id: number;
  optionId: number;
  productOptionId: number;
  displayName: string;
  displayValue: string;
  value: string;
  type: string;
  name: string;
}

export interface LineDiscount {
  id: string;
  name: string;
  code: string | null;
  /** Inc-tax amount taken off this line. */
  amount: Cents;
}

export interface OrderLine {
  id: number;
  productId: number;
  variantId: number;
  addressId: number;
  name: string;
  sku: string;
  upc: string;
  brand: string;
  type: 'physical' | 'digital';
  quantity: number;
  /** Catalog price as entered (inc or ex tax by the store's setting), per unit. */
  basePrice: Cents;
  unitEx: Cents;
  unitInc: Cents;
  taxRate: number;
  taxClassId: number;
  costPrice: Cents;
  weight: number;
  optionSetId: number | null;
  options: LineOption[];
  discounts: LineDiscount[];
  quantityRefunded: number;
  refundAmount: Cents;
  quantityShipped: number;
}

export interface OrderCoupon {
  id: number;
  couponId: number;
  code: string;
  /** Coupon type 0–5 [BC-O2 orderCoupons_Base]; `value` is its face value (3 for $3, 5 for 5 %). */
  type: number;
  value: number;
  discount: Cents;
}

export interface OrderFee {
  id: number;
  displayName: string;
  source: string;
  costEx: Cents;
  costInc: Cents;
  taxClassId: number | null;
}

export interface Order {
  id: number;
  customerId: number;
  channelId: number;
  statusId: number;
  paymentStatus: PaymentStatus;
  paymentMethod: string;
  paymentProviderId: string;
  created: number;
  modified: number;
  shipped: number | null;
  billing: Address;
  /** Checkout form fields on the billing address (e.g. delivery instructions). */
  billingFormFields: { name: string; value: string }[];
  addresses: OrderAddress[];
  lines: OrderLine[];
  coupons: OrderCoupon[];
  fees: OrderFee[];
  manualDiscount: Cents;
  staffNotes: string;
  customerMessage: string;
  currencyCode: string;
  /** The transactional currency the shopper pays in [BC-O2 intro]. */
  defaultCurrencyCode: string;
  taxInclusive: boolean;
  refunded: Cents;
  archived: boolean;
  orderSource: string;
  externalSource: string | null;
  externalId: string | null;
  externalOrderId: string;
  cartId: string;
  ipAddress: string;
  customerLocale: string;
}

export interface Transaction {
  id: number;
  orderId: number;
  event: 'purchase' | 'authorization' | 'capture' | 'refund' | 'void' | 'pending' | 'settled';
  method: string;
  amount: Cents;
  currency: string;
  gateway: string;
  gatewayTransactionId: string;
  created: number;
  status: 'ok' | 'error';
}

export interface RefundItem {
  item_type: 'PRODUCT' | 'GIFT_WRAPPING' | 'SHIPPING' | 'HANDLING' | 'ORDER' | 'FEE' | 'TAX';
  item_id: number;
  quantity?: number;
  amount?: number;
  reason?: string;
}

export interface Refund {
  id: number;
  orderId: number;
  created: number;
  reason: string;
  total: Cents;
  tax: Cents;
  items: RefundItem[];
  /** Per item, the inc-tax amount it gave back. */
  itemAmounts: Cents[];
  payments: { id: number; providerId: string; amount: Cents; offline: boolean }[];
  /** Until when (emulated ms) the payment request runs; a second refund before then is refused. */
  processingUntil: number;
}

export interface Metafield {
  id: number;
  orderId: number;
  clientId: string;
  permissionSet: string;
  namespace: string;
  key: string;
  value: string;
  description: string;
  created: number;
  modified: number;
}

export interface Hook {
  id: number;
  clientId: string;
  scope: string;
  destination: string;
  headers: Record<string, string> | null;
  isActive: boolean;
  /** `deactivated` after the last retry failed or 90 days without events; `inactive` when switched off. */
  deactivated: boolean;
  created: number;
  updated: number;
  /** Emulated ms from which it fires ("can take up to one minute"). */
  activeFrom: number;
  lastEventAt: number;
}
