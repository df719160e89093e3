import { expect } from 'chai';
import { at, startCt, type TestCt } from './helpers.ts';

type Taxed = {
  totalNet: { centAmount: number };
  totalGross: { centAmount: number };
  taxPortions: Array<{ rate: number; name?: string; amount: { centAmount: number } }>;
};
const DE = { country: 'DE', city: 'Berlin' };
const SE = { country: 'SE', city: 'Stockholm' };

describe('commercetools emulator: taxes and money', () => {
  let t: TestCt;
  beforeEach(async () => {
    t = await startCt();
  });
  afterEach(() => t.close());

  const cart = async (draft: Record<string, unknown>) => {
    const got = await t.api('POST', '/carts', { currency: 'EUR', shippingAddress: DE, ...draft });
    expect(got.status, got.text).to.equal(201);
    return got.json as Record<string, unknown> & {
      id: string;
      version: number;
      taxedPrice?: Taxed;
      lineItems: Array<{ id: string; taxedPrice?: Taxed }>;
    };
  };
  const external = (amount: number, includedInPrice = false) => ({
    name: 'ext',
    amount,
    includedInPrice,
    country: 'DE',
  });

  it('rounds tax half to even on net prices (External rates): 250.5 → 250, 251.5 → 252', async () => {
    const a = await cart({
      taxMode: 'External',
      lineItems: [
        {
          sku: 'KONS-H',
          quantity: 1,
          externalPrice: { currencyCode: 'EUR', centAmount: 1002 },
          externalTaxRate: external(0.25),
        },
      ],
    });
    expect(a.taxedPrice?.taxPortions[0]?.amount.centAmount).to.equal(250);
    const b = await cart({
      taxMode: 'External',
      lineItems: [
        {
          sku: 'KONS-H',
          quantity: 1,
          externalPrice: { currencyCode: 'EUR', centAmount: 1006 },
          externalTaxRate: external(0.25),
        },
      ],
    });
    expect(b.taxedPrice?.taxPortions[0]?.amount.centAmount).to.equal(252);
    const up = await cart({
      taxMode: 'External',
      taxRoundingMode: 'HalfUp',
      lineItems: [
        { sku: 'KONS-H', externalPrice: { currencyCode: 'EUR', centAmount: 1002 }, externalTaxRate: external(0.25) },
      ],
    });
    expect(up.taxedPrice?.taxPortions[0]?.amount.centAmount).to.equal(251);
    expect(up.taxedPrice?.totalGross.centAmount).to.equal(1253);
  });

  it('takes the net out of gross prices rounding the net half to even (2.5 → 2, 7.5 → 8)', async () => {
    const three = await cart({
      taxMode: 'External',
      lineItems: [
        { sku: 'KONS-H', externalPrice: { currencyCode: 'EUR', centAmount: 3 }, externalTaxRate: external(0.2, true) },
      ],
    });
    expect(three.taxedPrice?.totalNet.centAmount).to.equal(2);
    expect(three.taxedPrice?.taxPortions[0]?.amount.centAmount).to.equal(1);
    const nine = await cart({
      taxMode: 'External',
      lineItems: [
        { sku: 'KONS-H', externalPrice: { currencyCode: 'EUR', centAmount: 9 }, externalTaxRate: external(0.2, true) },
      ],
    });
    expect(nine.taxedPrice?.totalNet.centAmount).to.equal(8);
    expect(nine.taxedPrice?.totalGross.centAmount).to.equal(9);
  });

  it('Platform mode: rates from the tax category for the shipping country, portions accumulated per rate', async () => {
    const got = await cart({
      currency: 'SEK',
      shippingAddress: SE,
      lineItems: [{ sku: 'LIC-PRO', quantity: 2 }, { sku: 'KAFFE-500', quantity: 3 }, { sku: 'BOK-API' }],
    });
    const taxed = got.taxedPrice as Taxed;
    const byRate = Object.fromEntries(taxed.taxPortions.map((p) => [p.rate, p.amount.centAmount]));
    // 2 × 4 900 kr at 25 %, 3 × 89 kr at 12 %, 349 kr at 6 %, all VAT-inclusive: net = gross / (1 + rate).
    expect(byRate).to.deep.equal({ 0.25: 196000, 0.12: 2861, 0.06: 1975 });
    expect(taxed.totalGross.centAmount).to.equal(980000 + 26700 + 34900);
    expect(taxed.totalNet.centAmount).to.equal(taxed.totalGross.centAmount - 196000 - 2861 - 1975);
    expect(at(got, 'lineItems', 1, 'taxRate', 'amount')).to.equal(0.12);
  });

  it('accumulates rounded line taxes (not the tax of the sum), and UnitPriceLevel taxes each unit', async () => {
    await t.api('POST', '/products', {
      productType: { key: 'generic' },
      name: { en: 'Te' },
      slug: { en: 'te' },
      taxCategory: { key: 'food' },
      masterVariant: { sku: 'TE-100', prices: [{ value: { currencyCode: 'SEK', centAmount: 8900 } }] },
      publish: true,
    });
    const lines = await cart({
      currency: 'SEK',
      shippingAddress: SE,
      lineItems: [{ sku: 'KAFFE-500' }, { sku: 'TE-100' }],
    });
    expect(lines.taxedPrice?.taxPortions).to.have.length(1);
    expect(lines.taxedPrice?.taxPortions[0]?.amount.centAmount).to.equal(954 + 954, '2 × round(89 − 89/1.12)');
    const one = await cart({ currency: 'SEK', shippingAddress: SE, lineItems: [{ sku: 'KAFFE-500', quantity: 2 }] });
    expect(one.taxedPrice?.taxPortions[0]?.amount.centAmount).to.equal(1907, 'round(178 − 178/1.12)');
    const unit = await cart({
      currency: 'SEK',
      shippingAddress: SE,
      taxCalculationMode: 'UnitPriceLevel',
      lineItems: [{ sku: 'KAFFE-500', quantity: 2 }],
    });
    expect(unit.taxedPrice?.taxPortions[0]?.amount.centAmount).to.equal(1908);
  });

  it('Platform mode without a shipping address has no taxedPrice; a country without a rate is MissingTaxRateForCountry', async () => {
    const none = await t.api('POST', '/carts', { currency: 'SEK', lineItems: [{ sku: 'LIC-PRO' }] });
    expect(at(none.json, 'taxedPrice')).to.equal(undefined);
    const norway = await t.api('POST', '/carts', {
      currency: 'SEK',
      shippingAddress: { country: 'NO' },
      lineItems: [{ sku: 'LIC-PRO' }],
    });
    expect(norway.status).to.equal(400);
    expect(at(norway.json, 'errors', 0)).to.include({ code: 'MissingTaxRateForCountry', country: 'NO' });
  });

  it('Disabled mode: no rates and no taxedPrice, and it can still be ordered', async () => {
    const c = await cart({ taxMode: 'Disabled', lineItems: [{ sku: 'ONB-1' }] });
    expect(c.taxedPrice).to.equal(undefined);
    expect(at(c, 'lineItems', 0, 'taxRate')).to.equal(undefined);
    const order = await t.api('POST', '/orders', { cart: { id: c.id }, version: c.version });
    expect(order.status).to.equal(201);
    expect(at(order.json, 'totalPrice', 'centAmount')).to.equal(129000);
    expect(at(order.json, 'taxedPrice')).to.equal(undefined);
  });

  it('External mode: ordering needs every rate; ExternalAmount needs every amount and the cart total', async () => {
    const ext = await cart({ taxMode: 'External', lineItems: [{ sku: 'ONB-1' }] });
    expect((await t.api('POST', '/orders', { cart: { id: ext.id }, version: ext.version })).status).to.equal(400);

    const amt = await cart({
      taxMode: 'ExternalAmount',
      lineItems: [{ sku: 'ONB-1' }],
      shippingMethod: { key: 'standard' },
    });
    expect((await t.api('POST', '/orders', { cart: { id: amt.id }, version: amt.version })).status).to.equal(400);
    const line = amt.lineItems[0]?.id;
    const rate = { name: 'MwSt', amount: 0.19, country: 'DE' };
    const set = await t.api('POST', `/carts/${amt.id}`, {
      version: amt.version,
      actions: [
        {
          action: 'setLineItemTaxAmount',
          lineItemId: line,
          externalTaxAmount: { totalGross: { currencyCode: 'EUR', centAmount: 153510 }, taxRate: rate },
        },
        {
          action: 'setShippingMethodTaxAmount',
          externalTaxAmount: { totalGross: { currencyCode: 'EUR', centAmount: 583 }, taxRate: rate },
        },
        { action: 'setCartTotalTax', externalTotalGross: { currencyCode: 'EUR', centAmount: 154093 } },
      ],
    });
    expect(set.status, set.text).to.equal(200);
    expect(at(set.json, 'taxedPrice', 'totalNet', 'centAmount')).to.equal(129000 + 490);
    expect(at(set.json, 'lineItems', 0, 'taxedPrice', 'totalNet', 'centAmount')).to.equal(
      129000,
      'net is the line total',
    );
    const change = await t.api('POST', `/carts/${amt.id}`, {
      version: Number(at(set.json, 'version')),
      actions: [{ action: 'changeLineItemQuantity', lineItemId: line, quantity: 2 }],
    });
    expect(at(change.json, 'taxedPrice')).to.equal(undefined, 'a price change drops the external amounts');
    expect(at(change.json, 'lineItems', 0, 'taxedPrice')).to.equal(undefined);
    const wrongMode = await t.api('POST', `/carts/${ext.id}`, {
      version: ext.version,
      actions: [{ action: 'setCartTotalTax', externalTotalGross: { currencyCode: 'EUR', centAmount: 1 } }],
    });
    expect(wrongMode.status).to.equal(400);
  });

  it('money is centAmount with the currency fraction digits, typed centPrecision', async () => {
    const c = await cart({ lineItems: [{ sku: 'LIC-PRO' }] });
    expect(at(c, 'totalPrice')).to.deep.equal({
      type: 'centPrecision',
      currencyCode: 'EUR',
      centAmount: 42900,
      fractionDigits: 2,
    });
    const jpy = await t.api('POST', '/payments', { amountPlanned: { currencyCode: 'JPY', centAmount: 1200 } });
    expect(at(jpy.json, 'amountPlanned', 'fractionDigits')).to.equal(0);
    const fraction = await t.api('POST', '/payments', { amountPlanned: { currencyCode: 'EUR', centAmount: 10.5 } });
    expect(fraction.status).to.equal(400);
  });
});
