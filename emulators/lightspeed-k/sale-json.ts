/**
 * The Sale as `/f/v2/.../sales-daily` and `/sales` send it (schema financial-apiSale of the
 * Financial V2 spec; fixtures `sales-daily.json`, `sales.json`). Quirks kept on purpose: money is
 * strings, `deviceId` is a number on sales and lines but a string on payments, ids are
 * `A…`/`R…`/`S…`/`T…` fiscal ids. Keys that the spec documents as conditional are left out when
 * they do not apply (`source.previousAccountId` "will not be displayed if there is no associated
 * account"; a discount's type/code/name only on a discounted line; `voidReason` only on a void).
 */

export interface ApiTaxLine {
  taxId: string;
  taxCode: string;
  taxRate: string;
  taxAmount: string;
  taxIncluded: boolean;
}

export interface ApiLine {
  id: string;
  parentLineId?: string;
  totalNetAmountWithTax: string;
  totalNetAmountWithoutTax: string;
  menuListPrice: string;
  unitCostPrice: string;
  serviceCharge: string;
  serviceChargeType: 'UNTAXED' | 'APPORTIONED' | 'NO_SERVICE_CHARGE';
  serviceChargeRate: string;
  discountAmount: string;
  taxCode: string;
  taxAmount: string;
  taxRatePercentage: string;
  taxLines: ApiTaxLine[];
  discountType?: string;
  discountCode?: string;
  discountName?: string;
  accountDiscountAmount?: string;
  accountDiscountType?: string;
  accountDiscountCode?: string;
  accountDiscountName?: string;
  totalDiscountAmount: string;
  sku: string;
  name: string;
  nameOverride?: string;
  statisticGroup: string;
  quantity: string;
  accountingGroup: { accountingGroupId: number; name: string; statisticGroup: string; code: string };
  currency: string;
  tags: string[];
  revenueCenter?: string;
  revenueCenterId?: number;
  categories: { category: string; value: string }[];
  timeOfSale: string;
  staffId?: number;
  staffName?: string;
  deviceId: number;
  deviceName: string;
  voidReason?: string;
  accountProfileCode?: string;
}

export interface ApiConsumer {
  id: string;
  customerId: number;
  title?: string;
  firstName?: string;
  lastName?: string;
  phoneNumber1?: string;
  phoneNumber2?: string;
  companyName?: string;
  addressLine1?: string;
  addressLine2?: string;
  zipCode?: string;
  city?: string;
  state?: string;
  taxIdentifier?: string;
  fiscalCode?: string;
  destinationCode?: string;
}

export interface ApiPayment {
  code: string;
  description: string;
  paymentMethodId: number;
  netAmountWithTax: string;
  currency: string;
  tip: string;
  consumer?: ApiConsumer;
  type: 'NORMAL' | 'ACCOUNTS_RECEIVABLE';
  deviceId: string;
  deviceName: string;
  staffId?: number;
  staffName?: string;
  authorization?: string;
  externalReference?: string;
  revenueCenter?: string;
  revenueCenterId?: number;
  fiscId: string;
  uuid: string;
  fiscDate: string;
  surcharge: string;
  roundingAmount: string;
}

export type SaleType = 'SALE' | 'VOID' | 'REFUND' | 'UPDATE' | 'CANCEL';

export interface ApiSale {
  accountReference: string;
  accountFiscId: string;
  receiptId: string;
  source: { initialAccountId: string; previousAccountId?: string };
  salesLines: ApiLine[];
  payments?: ApiPayment[];
  timeOfOpening: string;
  timeClosed: string;
  cancelled: boolean;
  externalFiscalNumber?: string;
  tableNumber?: string;
  tableName?: string;
  accountProfileCode?: string;
  ownerName?: string;
  ownerId?: number;
  type: SaleType;
  externalReferences: string[];
  nbCovers: number;
  dineIn: boolean;
  deviceId: number;
  deviceName: string;
  voidReason?: string;
}

/** `include=` values of the spec (financial-apiIncludeParameter). */
export const INCLUDES = [
  'staff',
  'table',
  'consumer',
  'payments',
  'revenue_center',
  'account_profile',
  'payment_authorization',
] as const;
export type Include = (typeof INCLUDES)[number];

/**
 * What a caller sees for its `include=`. The spec lists the objects `include` adds but not which
 * fields each brings; this grouping is the emulator's reading (README "Unverified").
 */
export function viewSale(sale: ApiSale, include: ReadonlySet<Include>): ApiSale {
  const s: ApiSale = structuredClone(sale);
  const has = (i: Include): boolean => include.has(i);
  if (!has('staff')) {
    delete s.ownerName;
    delete s.ownerId;
  }
  if (!has('table')) {
    delete s.tableNumber;
    delete s.tableName;
  }
  if (!has('account_profile')) delete s.accountProfileCode;
  for (const l of s.salesLines) {
    if (!has('staff')) {
      delete l.staffId;
      delete l.staffName;
    }
    if (!has('revenue_center')) {
      delete l.revenueCenter;
      delete l.revenueCenterId;
    }
    if (!has('account_profile')) delete l.accountProfileCode;
  }
  if (!has('payments')) delete s.payments;
  for (const p of s.payments ?? []) {
    if (!has('consumer')) delete p.consumer;
    if (!has('staff')) {
      delete p.staffId;
      delete p.staffName;
    }
    if (!has('revenue_center')) {
      delete p.revenueCenter;
      delete p.revenueCenterId;
    }
    if (!has('payment_authorization')) delete p.authorization;
  }
  return s;
}
