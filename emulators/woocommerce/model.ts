/**
 * What the site stores, in WooCommerce's own terms. Amounts are numbers as WooCommerce keeps them
 * (unrounded where it keeps them unrounded: tax-stripped line totals, per-rate taxes); rounding and
 * the string formatting happen when a resource is rendered, as in the REST controllers.
 */

export interface Meta {
  id: number;
  key: string;
  value: unknown;
}

export interface Address {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone?: string;
}

export interface TaxRate {
  id: number;
  country: string;
  state: string;
  postcodes: string[];
  cities: string[];
  /** Percent, e.g. 25. */
  rate: number;
  name: string;
  priority: number;
  compound: boolean;
  shipping: boolean;
  order: number;
  /** 'standard', 'reduced-rate', 'zero-rate', … */
  class: string;
}

export interface Image {
  id: number;
  created: number;
  src: string;
  name: string;
  alt: string;
}

export interface Product {
  id: number;
  parentId: number;
  /** 'simple' | 'variable' | 'variation' | … */
  type: string;
  name: string;
  slug: string;
  status: string;
  description: string;
  shortDescription: string;
  sku: string;
  regularPrice: string;
  salePrice: string;
  taxStatus: string;
  taxClass: string;
  manageStock: boolean;
  stockQuantity: number | null;
  virtual: boolean;
  categories: { id: number; name: string; slug: string }[];
  images: Image[];
  /** Variable products: their attributes; variations: the chosen options. */
  attributes: { id: number; name: string; option?: string; options?: string[]; variation?: boolean }[];
  variations: number[];
  meta: Meta[];
  totalSales: number;
  created: number;
  modified: number;
}

export interface Customer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  username: string;
  role: string;
  billing: Address;
  shipping: Address;
  meta: Meta[];
  created: number;
  modified: number;
}

export interface ItemTaxes {
  /** rate id → unrounded tax. */
  total: Map<number, number>;
  subtotal: Map<number, number>;
}

export interface LineItem {
  id: number;
  name: string;
  productId: number;
  variationId: number;
  quantity: number;
  taxClass: string;
  subtotal: number;
  total: number;
  taxes: ItemTaxes;
  meta: Meta[];
  sku: string;
}

export interface ShippingLine {
  id: number;
  methodTitle: string;
  methodId: string;
  total: number;
  taxes: ItemTaxes;
  meta: Meta[];
}

export interface FeeLine {
  id: number;
  name: string;
  taxClass: string;
  taxStatus: 'taxable' | 'none';
  total: number;
  taxes: ItemTaxes;
  meta: Meta[];
}

export interface CouponLine {
  id: number;
  code: string;
  discount: number;
  discountTax: number;
  meta: Meta[];
}

export interface TaxLine {
  id: number;
  rateId: number;
  meta: Meta[];
}

export interface Coupon {
  id: number;
  code: string;
  discountType: 'percent' | 'fixed_cart';
  amount: number;
  created: number;
  modified: number;
}

export interface Note {
  id: number;
  author: string;
  created: number;
  note: string;
  customerNote: boolean;
  /** Added through `POST /orders/{id}/notes` (what an integration wrote back). */
  byApi?: boolean;
}

export interface Refund {
  id: number;
  orderId: number;
  created: number;
  amount: number;
  reason: string;
  refundedBy: number;
  refundedPayment: boolean;
  meta: Meta[];
  /** Negative copies of the refunded items, each with `_refunded_item_id` meta. */
  lineItems: (LineItem & { refundedItemId: number })[];
}

export interface Order {
  id: number;
  parentId: number;
  orderKey: string;
  createdVia: string;
  version: string;
  status: string;
  currency: string;
  created: number;
  modified: number;
  paid: number | null;
  completed: number | null;
  pricesIncludeTax: boolean;
  customerId: number;
  customerIp: string;
  customerUserAgent: string;
  customerNote: string;
  billing: Address;
  shipping: Address;
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  cartHash: string;
  meta: Meta[];
  lineItems: LineItem[];
  shippingLines: ShippingLine[];
  feeLines: FeeLine[];
  couponLines: CouponLine[];
  taxLines: TaxLine[];
  refunds: number[];
  notes: Note[];
  /** Moved to the trash (status before is kept to restore it). */
  trashedFrom?: string;
  /** Meta keys written through the REST API (what an integration wrote back). */
  apiMetaKeys: string[];
}

/** A WooCommerce Subscriptions subscription (a `shop_subscription` post). */
export interface Subscription {
  id: number;
  parentOrderId: number;
  customerId: number;
  status: 'active' | 'on-hold' | 'cancelled';
  billingPeriod: 'month' | 'year';
  nextPayment: number;
  renewals: number[];
}

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
  'trash',
] as const;

/** Statuses that mean "paid" (`wc_get_is_paid_statuses`). */
export const PAID_STATUSES = ['processing', 'completed'];
