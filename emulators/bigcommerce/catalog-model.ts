import type { Cents } from './values.ts';

/** Catalog, customers and stock as a store holds them. */

export type Tracking = 'none' | 'product' | 'variant';

export interface ProductOption {
  id: number;
  displayName: string;
  values: { id: number; label: string }[];
}

export interface Product {
  id: number;
  name: string;
  type: 'physical' | 'digital';
  /** Base SKU; a product with options keeps its SKUs on the variants [fixture note]. */
  sku: string;
  description: string;
  price: Cents;
  costPrice: Cents;
  retailPrice: Cents;
  salePrice: Cents;
  taxClassId: number;
  weight: number;
  brandId: number;
  categories: number[];
  tracking: Tracking;
  warningLevel: number;
  isVisible: boolean;
  options: ProductOption[];
  optionSetId: number | null;
  baseVariantId: number;
  totalSold: number;
  upc: string;
  created: number;
  modified: number;
}

export interface Variant {
  id: number;
  productId: number;
  sku: string;
  /** Catalog V2 SKU id; null for the base variant. */
  skuId: number | null;
  /** Null: the product's price. */
  price: Cents | null;
  costPrice: Cents;
  optionValues: { id: number; label: string; optionId: number; optionDisplayName: string }[];
  upc: string;
  weight: number;
  purchasingDisabled: boolean;
}

/** Stock of one tracked item at one location. */
export interface Stock {
  onHand: number;
  safetyStock: number;
  warningLevel: number;
  isInStock: boolean;
  binPickingNumber: string;
}

export interface Location {
  id: number;
  code: string;
  name: string;
  enabled: boolean;
}

export interface CustomerAddress {
  id: number;
  first_name: string;
  last_name: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state_or_province: string;
  postal_code: string;
  country_code: string;
  country: string;
  phone: string;
  address_type: 'residential' | 'commercial';
}

export interface Customer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  notes: string;
  taxExemptCategory: string;
  customerGroupId: number;
  addresses: CustomerAddress[];
  storeCredit: Cents;
  channelIds: number[];
  acceptsReviewEmails: boolean;
  shopperProfileId: string;
  segmentIds: string[];
  registrationIp: string;
  created: number;
  modified: number;
  /** Set when the customer is a B2B Edition company's admin. */
  companyId?: number;
}

export interface Company {
  id: number;
  name: string;
  phone: string;
  email: string;
  address: { line1: string; line2: string; city: string; state: string; country: string; zip: string };
  customerId: number;
  customerGroupId: number;
  extraFields: { fieldName: string; fieldValue: string }[];
  channelIds: number[];
  created: number;
}

export interface Coupon {
  id: number;
  code: string;
  name: string;
  /** 1 = percentage off the items, 2 = amount off the order total [BC-O2 coupon types]. */
  type: 1 | 2;
  /** Percent for type 1, currency units for type 2. */
  amount: number;
}
