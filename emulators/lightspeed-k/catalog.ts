/**
 * What a location sells and how it is paid: tax rates, payment methods, accounting groups and the
 * menu. In K-Series these are the merchant's Back Office settings; the API exposes them at
 * `/f/finance/{blId}/tax-rates | paymentMethods | accountingGroups`. The demo is a Swedish café:
 * 25 % (alcohol, goods), 12 % (served food and drink — restaurant and catering stay at 12 %) and
 * food to take away at 12 % until 31 March 2026, 6 % from 1 April 2026 to 31 December 2027
 * (Prop. 2025/26:55, reference §2.1), then 12 % again — the merchant switching the item's tax
 * code on the day is what the emulator does for them.
 */

export interface TaxRate {
  code: string;
  description: string;
  /** Percent, two decimals as in `taxRatePercentage` ("25.00"). */
  percent: string;
  taxId: string;
  accountingReference: string;
}

export interface PaymentMethod {
  pmId: number;
  code: string;
  name: string;
  accountingReference: string;
  /** ACCOUNTS_RECEIVABLE: a sale on account; the payment names the customer (financial-apiPayment.type). */
  type: 'NORMAL' | 'ACCOUNTS_RECEIVABLE';
  /** Cash is rounded to whole kronor in Sweden (öresavrundning); the difference is `roundingAmount`. */
  cashRounding: boolean;
}

export interface AccountingGroup {
  accountingGroupId: number;
  name: string;
  code: string;
}

/** A tax code valid from a date (inclusive) until the next entry's date. */
export interface DatedTax {
  from: string;
  code: string;
}

export interface MenuItem {
  sku: string;
  name: string;
  /** Price including VAT, two decimals; per kg when `weighed`. */
  price: string;
  unitCostPrice: string;
  group: string;
  taxes: DatedTax[];
  weighed?: boolean;
}

export interface Catalog {
  taxRates: TaxRate[];
  paymentMethods: PaymentMethod[];
  accountingGroups: AccountingGroup[];
  menu: MenuItem[];
}

export function taxCodeOn(item: MenuItem, businessDate: string): string {
  let code = item.taxes[0]?.code;
  for (const t of item.taxes) if (t.from <= businessDate) code = t.code;
  if (code === undefined) throw new Error(`item ${item.sku} has no tax rate`);
  return code;
}

const FOOD: DatedTax[] = [
  { from: '0000-01-01', code: 'VAT12' },
  { from: '2026-04-01', code: 'VAT6' },
  { from: '2028-01-01', code: 'VAT12' },
];
const SERVED: DatedTax[] = [{ from: '0000-01-01', code: 'VAT12' }];
const FULL: DatedTax[] = [{ from: '0000-01-01', code: 'VAT25' }];

/** Ids are per location (K-Series ids are 15-digit longs); `base` keeps two locations' ids apart. */
export function demoCatalog(base: number): Catalog {
  const id = (n: number): number => base * 1000 + n;
  return {
    taxRates: [
      {
        code: 'VAT25',
        description: 'Moms 25%',
        percent: '25.00',
        taxId: String(id(901)),
        accountingReference: 'vat-25',
      },
      {
        code: 'VAT12',
        description: 'Moms 12%',
        percent: '12.00',
        taxId: String(id(902)),
        accountingReference: 'vat-12',
      },
      { code: 'VAT6', description: 'Moms 6%', percent: '6.00', taxId: String(id(903)), accountingReference: 'vat-6' },
    ],
    paymentMethods: [
      pm(id(11), 'CASH', 'Kontant', 'cash', 'NORMAL', true),
      pm(id(12), 'CARD', 'Kort', 'card', 'NORMAL', false),
      pm(id(13), 'SWISH', 'Swish', 'swish', 'NORMAL', false),
      pm(id(14), 'GIFTCARD', 'Presentkort', 'gift-card', 'NORMAL', false),
      pm(id(15), 'INVOICE', 'Faktura (på konto)', 'accounts-receivable', 'ACCOUNTS_RECEIVABLE', false),
    ],
    accountingGroups: [
      { accountingGroupId: id(21), name: 'Servering', code: 'SERV' },
      { accountingGroupId: id(22), name: 'Livsmedel', code: 'FOOD' },
      { accountingGroupId: id(23), name: 'Alkohol', code: 'ALK' },
      { accountingGroupId: id(24), name: 'Varor', code: 'VAROR' },
    ],
    menu: [
      { sku: '101', name: 'Kaffe', price: '35.00', unitCostPrice: '6.00', group: 'Servering', taxes: SERVED },
      { sku: '102', name: 'Kanelbulle', price: '32.00', unitCostPrice: '9.00', group: 'Servering', taxes: SERVED },
      { sku: '103', name: 'Dagens lunch', price: '125.00', unitCostPrice: '41.00', group: 'Servering', taxes: SERVED },
      { sku: '104', name: 'Havremjölk', price: '5.00', unitCostPrice: '1.00', group: 'Servering', taxes: SERVED },
      {
        sku: '201',
        name: 'Surdegsbröd att ta med',
        price: '59.00',
        unitCostPrice: '18.00',
        group: 'Livsmedel',
        taxes: FOOD,
      },
      {
        sku: '202',
        name: 'Kaffebönor 500 g',
        price: '119.00',
        unitCostPrice: '52.00',
        group: 'Livsmedel',
        taxes: FOOD,
      },
      {
        sku: '203',
        name: 'Ost, lösvikt (kg)',
        price: '289.90',
        unitCostPrice: '140.00',
        group: 'Livsmedel',
        taxes: FOOD,
        weighed: true,
      },
      { sku: '301', name: 'Öl 33 cl', price: '69.00', unitCostPrice: '18.00', group: 'Alkohol', taxes: FULL },
      { sku: '302', name: 'Vin, glas', price: '95.00', unitCostPrice: '25.00', group: 'Alkohol', taxes: FULL },
      { sku: '401', name: 'Mugg', price: '149.00', unitCostPrice: '45.00', group: 'Varor', taxes: FULL },
    ],
  };
}

function pm(
  pmId: number,
  code: string,
  name: string,
  accountingReference: string,
  type: PaymentMethod['type'],
  cashRounding: boolean,
): PaymentMethod {
  return { pmId, code, name, accountingReference, type, cashRounding };
}
