import { z } from 'zod';
import type { DocumentPayload, InvoiceRowPayload } from './invoice.ts';
import { amount, flag, maybeDate, maybeNumber, reference, text } from './lenient.ts';

/** Orders (/3/orders, reference §4.5) and invoice payments (/3/invoicepayments, §4.4). */

export const OrderSchema = z.object({
  DocumentNumber: text,
  CustomerNumber: text,
  CustomerName: text,
  OrderDate: maybeDate,
  DeliveryDate: maybeDate,
  Currency: text,
  Total: amount,
  Cancelled: flag,
  Sent: flag,
  ExternalInvoiceReference1: text,
  ExternalInvoiceReference2: text,
  /** The invoice created from this order (createinvoice); null until then. */
  InvoiceReference: reference,
});
export type Order = z.output<typeof OrderSchema>;

export interface OrderSearch {
  filter?: 'cancelled' | 'expired' | 'invoicecreated' | 'invoicenotcreated';
  customerNumber?: string;
  externalInvoiceReference1?: string;
  lastModified?: Date;
}

export interface OrderRowPayload extends Omit<InvoiceRowPayload, 'DeliveredQuantity'> {
  OrderedQuantity?: number;
  DeliveredQuantity?: number;
}

export interface OrderPayload extends DocumentPayload {
  OrderDate?: string;
  DeliveryDate?: string;
  OrderRows?: OrderRowPayload[];
}

export const InvoicePaymentSchema = z.object({
  Number: text,
  InvoiceNumber: text,
  Amount: amount,
  AmountCurrency: maybeNumber,
  Currency: text,
  PaymentDate: maybeDate,
  Booked: flag,
  ModeOfPayment: text,
  ModeOfPaymentAccount: maybeNumber,
  Source: text,
});
export type InvoicePayment = z.output<typeof InvoicePaymentSchema>;

export interface InvoicePaymentPayload {
  InvoiceNumber: number;
  /** In SEK; may be left out for a foreign-currency invoice when AmountCurrency is given. */
  Amount?: number;
  /** Required when the invoice currency is not SEK. */
  AmountCurrency?: number;
  CurrencyRate?: number;
  PaymentDate?: string;
  /** Code, e.g. "BG". */
  ModeOfPayment?: string;
  ModeOfPaymentAccount?: number;
}
