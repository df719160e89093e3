import type { LineKind, SourceRef } from '../../core/documents.ts';

/**
 * A shop order as every shop adapter reads it, before it becomes a canonical SalesDocument: money
 * as the shop reports it (per line, before and after its discounts, VAT separately), the VAT rate
 * the adapter resolved from the shop's tax data, and the buyer as entered at checkout. The shared
 * mapping (`to-document.ts`) owns every rule from here on, so the next shop writes only a reader.
 */

export interface ShopLine {
  sourceLineId?: string;
  kind: LineKind;
  sku?: string;
  name: string;
  quantity: number;
  /** The line before its discounts: amount excluding VAT and the VAT on it. */
  net: number;
  tax: number;
  /** The line after its discounts (coupons), as charged. */
  netAfter: number;
  taxAfter: number;
  /** Percent; undefined when no known VAT rate explains the line's tax. */
  vatRate: number | undefined;
  /** Whose VAT the rate is (ISO alpha-2), when the shop says. */
  vatCountry?: string;
}

export interface ShopBuyer {
  /** The shop's customer record, or undefined for a guest checkout. */
  customer?: SourceRef;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phone: string;
  street1: string;
  street2: string;
  postalCode: string;
  city: string;
  /** As the shop gives it (usually ISO alpha-2). */
  country: string;
  vatNumber?: string;
  organisationNumber?: string;
  /** GLN/EAN for e-invoicing. */
  gln?: string;
}

export interface ShopOrder {
  source: SourceRef;
  /** The order number the buyer sees ("709", "in_1Q…" number "A1B2-0001"). */
  number: string;
  /** How messages name it: "Order #709", "Invoice A1B2-0001". */
  title: string;
  /** YYYY-MM-DD in the shop's time zone. */
  date: string;
  currency: string;
  /** Whether the shop's prices were entered including VAT (rows are then sent VAT-included). */
  pricesIncludeVat: boolean;
  /** What the buyer was charged, VAT included. */
  total: number;
  /** Whether the shop wants a document now (an invoicing status, paid). */
  active: boolean;
  paymentMethod?: string;
  buyer: ShopBuyer;
  lines: ShopLine[];
  /** Routing facts: store, channel, currency, country, renewal. */
  routing: Record<string, string>;
  /** The customer reference used for guests (a reader of it re-reads the order's billing). */
  guestCustomer: SourceRef;
}

/** Two decimals, half away from zero, without binary drift (1.005 → 1.01). */
export function round2(value: number): number {
  return (Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-7)) / 100;
}

export function money(text: string | number | null | undefined): number {
  const n = typeof text === 'number' ? text : Number.parseFloat(text ?? '');
  return Number.isFinite(n) ? n : Number.NaN;
}
