import fc from 'fast-check';
import type { Credit, Customer, Line, LineKind, SalesDocument, Voucher, VoucherRow } from '../../src/core/documents.ts';
import { shorten } from '../../src/core/text.ts';
import type { FortnoxInvoiceDetail, FortnoxInvoiceRow } from '../../src/sink/fortnox-port.ts';
import type { ShopLine, ShopOrder } from '../../src/sources/shop/order.ts';

/**
 * Hostile canonical documents for the property tests (test/chaos/documents.test.ts) and the
 * `hostile-input` chaos scenario: any Unicode (lone surrogates, combining marks, emoji), extreme
 * lengths, zero, negative, fractional, huge and non-finite quantities and prices, many lines, every
 * currency and country, absent optional fields — alongside ordinary values, so valid payloads are
 * produced often enough for their totals to be checked too.
 */

const ref = (object: string) =>
  fc.record({
    system: fc.constantFrom('salesforce', 'woocommerce', 'stripe', 'bigcommerce'),
    connection: fc.constantFrom('default', 'shop-2'),
    object: fc.constant(object),
    id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{1,18}$/), fc.string({ maxLength: 40 })),
  });

/** Text as people and attackers type it: plain, any code point, very long, or whitespace only. */
export const text = (max = 300): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('Kaffe', 'Åkerberg AB', 'Consulting hour', 'Frakt', '') },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 240, maxLength: 1200 }) },
    { weight: 1, arbitrary: fc.constantFrom('   ', "'; DROP TABLE sync_records; --", '../../etc/passwd', '\u0000') },
  );

/** Amounts: cents, fractions of a cent, zero, negative, huge and the non-finite. */
export const amount: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, -1, 0.001, 0.005, 0.125, 1e12, 1e15, 1e300) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE) },
);

export const quantity: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }) },
  { weight: 2, arbitrary: fc.constantFrom(0.5, 0.125, 1.005, 3.333, 0.001) },
  { weight: 1, arbitrary: amount },
);

const ALL_CURRENCIES = Intl.supportedValuesOf('currency');
export const currency = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('SEK', 'EUR', 'USD', 'NOK') },
  { weight: 2, arbitrary: fc.constantFrom(...ALL_CURRENCIES) },
  { weight: 1, arbitrary: fc.constantFrom('sek', '', 'SEKK', '€') },
);

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALL_REGIONS = [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b));
export const countryInput = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('SE', 'DE', 'FI', 'US', 'NO', 'GB', 'Sverige', 'Deutschland', 'usa') },
  { weight: 2, arbitrary: fc.constantFrom(...ALL_REGIONS) },
  { weight: 1, arbitrary: text(40) },
);

export const date = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('2026-11-20', '2026-12-31', '2027-01-01') },
  { weight: 1, arbitrary: fc.constantFrom('', '2026-13-45', '20261120', 'yesterday', '2026-02-30') },
);

const vatRate = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(25, 12, 6, 0) },
  { weight: 1, arbitrary: fc.constantFrom(19, 7.5, -1, 100, 250, Number.NaN) },
);

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** Ordinary values, so that a good share of the runs reach a payload and have their totals checked. */
const plainText = fc.oneof(
  fc.constantFrom('Kaffe', 'Åkerberg AB', 'Consulting hour', 'Frakt'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((t) => t.trim() !== ''),
);
const plainAmount = fc.integer({ min: 0, max: 1_000_000 }).map((c) => c / 100);
const plainQuantity = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0.5, 0.25, 1.5));
const code = fc.stringMatching(/^[A-Za-z0-9+\-/._]{1,20}$/);

/** Picks the ordinary or the hostile arbitrary, half and half. */
const either = <T>(plain: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) => fc.oneof(plain, hostile);

/** Removes keys whose value is undefined: with exactOptionalPropertyTypes an absent field is absent. */
type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};
function compact<T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Compact<T>;
}

export const customer: fc.Arbitrary<Customer> = fc
  .record({
    source: ref('customer'),
    name: either(plainText, text(1100)),
    kind: fc.constantFrom('company' as const, 'private' as const),
    organisationNumber: opt(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('556677-8899', '5566778899') },
        { weight: 1, arbitrary: text(30) },
      ),
    ),
    vatNumber: opt(fc.oneof(fc.constantFrom('DE123456789', 'SE556677889901'), text(20))),
    email: opt(fc.oneof({ weight: 4, arbitrary: fc.constant('anna@example.com') }, { weight: 1, arbitrary: text(80) })),
    invoiceEmail: opt(
      fc.oneof({ weight: 4, arbitrary: fc.constant('billing@example.com') }, { weight: 1, arbitrary: text(80) }),
    ),
    phone: opt(text(40)),
    street1: opt(either(plainText, text(1100))),
    postalCode: opt(fc.oneof({ weight: 4, arbitrary: fc.constant('111 22') }, { weight: 1, arbitrary: text(20) })),
    city: opt(either(plainText, text(60))),
    country: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('SE', 'DE', 'FI', 'US') },
      { weight: 2, arbitrary: opt(countryInput) },
    ),
    currency: opt(currency),
  })
  .map(({ street1, postalCode, city, country, ...rest }) => {
    const code = country !== undefined && /^[A-Z]{2}$/.test(country) ? country : undefined;
    const billingAddress = compact({
      street1,
      postalCode,
      city,
      countryCode: code,
      countryText: code === undefined ? country : undefined,
    });
    return compact({ ...rest, billingAddress });
  });

const lineKind = fc.constantFrom<LineKind | undefined>(undefined, 'product', 'shipping', 'fee', 'discount');

export const line: fc.Arbitrary<Line> = fc
  .record({
    kind: lineKind,
    productCode: fc.oneof({ weight: 4, arbitrary: code }, { weight: 1, arbitrary: opt(text(60)) }),
    description: either(plainText, text(400)),
    quantity: either(plainQuantity, quantity),
    unitPrice: either(plainAmount, amount),
    discountPercent: opt(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 10, 33.3, 100) }, { weight: 1, arbitrary: amount }),
    ),
    vatRate: opt(vatRate),
  })
  .map(compact);

const hostileDocument: fc.Arbitrary<SalesDocument> = fc
  .record({
    source: ref('order'),
    title: either(plainText, text(400)),
    customer,
    currency: either(fc.constantFrom('SEK', 'EUR'), currency),
    documentDate: date,
    lines: fc.oneof(
      { weight: 12, arbitrary: fc.array(line, { maxLength: 6 }) },
      { weight: 1, arbitrary: fc.array(line, { minLength: 450, maxLength: 520 }) },
    ),
    pricesIncludeVat: opt(fc.boolean()),
    expectedNet: opt(amount),
    yourOrderNumber: opt(either(plainText, text(90))),
    ourReference: opt(either(plainText, text(80))),
    yourReference: opt(either(plainText, text(80))),
    active: fc.boolean(),
  })
  .map(compact);

const invoiceRow: fc.Arbitrary<FortnoxInvoiceRow> = fc
  .record({
    RowId: fc.integer({ min: 1, max: 999 }),
    ArticleNumber: opt(fc.constantFrom('A1', 'KAFFE', 'FRAKT')),
    Description: fc.constantFrom('Kaffe', 'Frakt', 'Te'),
    DeliveredQuantity: fc.integer({ min: 0, max: 20 }),
    Price: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
    VAT: fc.constantFrom(25, 12, 6, 0),
    AccountNumber: opt(fc.constantFrom(3001, 3002)),
  })
  .map(compact);

export const invoice: fc.Arbitrary<FortnoxInvoiceDetail> = fc
  .record({ rows: fc.array(invoiceRow, { maxLength: 5 }), vatIncluded: fc.boolean() })
  .map(({ rows, vatIncluded }) => ({
    DocumentNumber: '42',
    ExternalInvoiceReference1: 'ref',
    CustomerNumber: '1',
    Currency: 'SEK',
    Net: 0,
    Total: 0,
    Balance: 0,
    Booked: true,
    Cancelled: false,
    Sent: false,
    DueDate: null,
    FinalPayDate: null,
    CreditInvoiceReference: null,
    Credit: false,
    InvoiceReference: null,
    ExternalInvoiceReference2: '',
    VATIncluded: vatIncluded,
    Freight: 0,
    Rows: rows,
  }));

export const credit: fc.Arbitrary<Credit> = fc
  .record({
    source: ref('refund'),
    original: ref('order'),
    title: text(200),
    currency: fc.constant('SEK'),
    date,
    lines: opt(
      fc.array(
        fc.oneof(
          line,
          fc.record({
            productCode: fc.constantFrom('A1', 'KAFFE', 'FRAKT'),
            description: fc.constantFrom('Kaffe', 'Frakt', 'Te'),
            quantity: plainQuantity,
            unitPrice: plainAmount,
          }),
        ),
        { maxLength: 4 },
      ),
    ),
    amount: opt(either(plainAmount, amount)),
    pricesIncludeVat: opt(fc.boolean()),
  })
  .map(compact);

const ore = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, Number.NaN, Number.MAX_SAFE_INTEGER, 2 ** 60) },
);

const voucherRow: fc.Arbitrary<VoucherRow> = fc
  .record({
    account: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(1910, 3001, 2611, 3740) },
      { weight: 1, arbitrary: fc.integer({ min: -10, max: 20_000 }) },
    ),
    debitOre: ore,
    creditOre: ore,
    costCenter: opt(fc.constantFrom('SHOP1', 'CAFE')),
    text: opt(text(200)),
  })
  .map(compact);

const hostileVoucher: fc.Arbitrary<Voucher> = fc
  .record({
    source: ref('day'),
    title: fc.constant('The day 2026-11-20 at Café Söder'),
    date,
    description: text(200),
    rows: fc.array(voucherRow, { maxLength: 12 }),
    key: fc.constant('k1'),
  })
  .map((v) => v);

const shopLine: fc.Arbitrary<ShopLine> = fc
  .record({
    kind: fc.constantFrom<LineKind>('product', 'product', 'shipping', 'fee'),
    sku: fc.oneof({ weight: 4, arbitrary: code }, { weight: 1, arbitrary: opt(text(60)) }),
    name: either(plainText, text(300)),
    quantity: either(plainQuantity, quantity),
    net: either(plainAmount, amount),
    rate: fc.oneof(fc.constantFrom(25, 12, 6, 0), fc.constant(undefined)),
    discount: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
    taxNoise: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: amount }),
  })
  .map(({ net, rate, discount, taxNoise, ...rest }) => {
    const tax = Math.round(net * (rate ?? 0)) / 100 + taxNoise;
    const netAfter = Math.round(net * (100 - discount)) / 100;
    const taxAfter = Math.round(netAfter * (rate ?? 0)) / 100;
    return { ...compact({ ...rest, net, tax, netAfter, taxAfter }), vatRate: rate };
  });

const hostileShopOrder: fc.Arbitrary<ShopOrder> = fc
  .record({
    lines: fc.oneof(
      { weight: 12, arbitrary: fc.array(shopLine, { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(shopLine, { minLength: 480, maxLength: 510 }) },
    ),
    pricesIncludeVat: fc.boolean(),
    totalNoise: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: amount }),
    currency: either(fc.constantFrom('SEK', 'EUR'), currency),
    date,
    number: either(fc.stringMatching(/^[0-9]{1,8}$/), text(90)),
    firstName: either(plainText, text(40)),
    lastName: either(plainText, text(40)),
    company: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: text(1100) }),
    email: fc.oneof({ weight: 4, arbitrary: fc.constant('anna@example.com') }, { weight: 1, arbitrary: text(60) }),
    street1: fc.oneof({ weight: 4, arbitrary: fc.constant('Storgatan 1') }, { weight: 1, arbitrary: text(1100) }),
    postalCode: fc.oneof({ weight: 4, arbitrary: fc.constant('111 22') }, { weight: 1, arbitrary: text(20) }),
    city: fc.oneof({ weight: 4, arbitrary: fc.constant('Stockholm') }, { weight: 1, arbitrary: text(60) }),
    country: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('SE', 'DE', 'FI', 'US') },
      { weight: 1, arbitrary: countryInput },
    ),
    vatNumber: opt(fc.oneof(fc.constant('DE123456789'), text(20))),
  })
  .map(({ lines, pricesIncludeVat, totalNoise, currency, date, number, vatNumber, ...buyer }) => {
    const charged = lines.reduce((sum, l) => sum + l.netAfter + l.taxAfter, 0);
    return {
      source: { system: 'shop', connection: 'default', object: 'order', id: '1' },
      number,
      title: `Order #${shorten(number, 20)}`,
      date,
      currency,
      pricesIncludeVat,
      total: Math.round((charged + totalNoise) * 100) / 100,
      active: true,
      paymentMethod: 'stripe',
      buyer: compact({ ...buyer, phone: '', street2: '', vatNumber }),
      lines,
      routing: {},
      guestCustomer: { system: 'shop', connection: 'default', object: 'guest', id: 'g1' },
    };
  });

/**
 * One hostile field in an ordinary value, or everything hostile at once: a fault alone shows whether
 * its own message comes out, and ordinary values reach a payload often enough to check totals.
 */
function mixed<T extends object>(plain: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const oneField = fc.tuple(plain, hostile, fc.nat()).map(([p, h, n]) => {
    const keys = Object.keys(h);
    const key = keys[n % keys.length] as keyof T;
    return { ...p, [key]: h[key] } as T;
  });
  return fc.oneof(
    { weight: 2, arbitrary: plain },
    { weight: 2, arbitrary: oneField },
    { weight: 1, arbitrary: hostile },
  );
}

const plainCustomer: fc.Arbitrary<Customer> = fc.record({
  source: ref('customer'),
  name: plainText,
  kind: fc.constantFrom('company' as const, 'private' as const),
  billingAddress: fc.record({ city: plainText, countryCode: fc.constantFrom('SE', 'DE', 'FI', 'US', 'NO') }),
  email: fc.constant('anna@example.com'),
});

const plainLine: fc.Arbitrary<Line> = fc
  .record({
    kind: lineKind,
    productCode: code,
    description: plainText,
    quantity: plainQuantity,
    unitPrice: plainAmount,
    discountPercent: opt(fc.constantFrom(0, 10, 33.3, 100)),
    vatRate: opt(fc.constantFrom(25, 12, 6, 0)),
  })
  .map(compact);

const plainDocument: fc.Arbitrary<SalesDocument> = fc
  .record({
    source: ref('order'),
    title: plainText,
    customer: mixed(plainCustomer, customer),
    currency: fc.constantFrom('SEK', 'EUR'),
    documentDate: fc.constantFrom('2026-11-20', '2026-12-31'),
    lines: fc.array(mixed(plainLine, line), { maxLength: 6 }),
    pricesIncludeVat: opt(fc.boolean()),
    expectedNet: opt(plainAmount),
    yourOrderNumber: opt(fc.stringMatching(/^[0-9]{1,8}$/)),
    active: fc.boolean(),
  })
  .map(compact);

export const salesDocument = mixed(plainDocument, hostileDocument);

/** A Swedish private buyer with a complete address: the shop orders that should reach Fortnox. */
export const SWEDISH_BUYER: ShopOrder['buyer'] = {
  firstName: 'Anna',
  lastName: 'Andersson',
  company: '',
  email: 'anna@example.com',
  phone: '',
  street1: 'Storgatan 1',
  street2: '',
  postalCode: '111 22',
  city: 'Stockholm',
  country: 'SE',
};

const plainShopOrder: fc.Arbitrary<ShopOrder> = hostileShopOrder.map((o) => ({
  ...o,
  currency: 'SEK',
  date: '2026-11-20',
  number: '1001',
  title: 'Order #1001',
  buyer: SWEDISH_BUYER,
}));

export const shopOrder = mixed(plainShopOrder, hostileShopOrder);

/** A day that balances but for an öre or three (cash rounding), so the rounding row is exercised. */
const nearlyBalanced: fc.Arbitrary<Voucher> = fc
  .tuple(
    hostileVoucher,
    fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 8 }),
    fc.integer({ min: -3, max: 3 }),
  )
  .map(([v, amounts, residual]) => {
    const rows: VoucherRow[] = amounts.map((ore, i) => ({ account: i % 2 ? 3001 : 2611, debitOre: 0, creditOre: ore }));
    const total = amounts.reduce((a, b) => a + b, 0);
    rows.push({ account: 1910, debitOre: total + residual, creditOre: 0, text: 'Kort' });
    return { ...v, rows };
  });

export const voucher = fc.oneof(nearlyBalanced, hostileVoucher);
