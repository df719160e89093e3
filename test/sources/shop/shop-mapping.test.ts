import { expect } from 'chai';
import type { ShopOrder } from '../../../src/sources/shop/order.ts';
import { shopSettingsSchema } from '../../../src/sources/shop/settings.ts';
import { shopDocument } from '../../../src/sources/shop/to-document.ts';

/** The shared shop mapping on its own: the rules every shop adapter gets without writing them. */

const settings = shopSettingsSchema.parse({});
const ref = (object: string, id: string) => ({ system: 'shop', connection: 'default', object, id });

function order(over: Partial<ShopOrder> = {}): ShopOrder {
  return {
    source: ref('order', '1'),
    number: '1001',
    title: 'Order #1001',
    date: '2026-12-01',
    currency: 'SEK',
    pricesIncludeVat: true,
    total: 298,
    active: true,
    paymentMethod: 'stripe',
    buyer: {
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
    },
    lines: [
      {
        kind: 'product',
        sku: 'KAFFE',
        name: 'Kaffe',
        quantity: 2,
        net: 266.07,
        tax: 31.93,
        netAfter: 266.07,
        taxAfter: 31.93,
        vatRate: 12,
        vatCountry: 'SE',
      },
    ],
    routing: { store: 'default' },
    guestCustomer: ref('customer', 'g1'),
    ...over,
  };
}

describe('shop mapping', () => {
  it('prices incl. VAT per unit, the order number, the expected total', () => {
    const mapped = shopDocument(order(), settings);
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    expect(mapped.document.lines).to.deep.equal([
      { description: 'Kaffe', vatRate: 12, productCode: 'KAFFE', kind: 'product', quantity: 2, unitPrice: 149 },
    ]);
    expect(mapped.document).to.include({ yourOrderNumber: '1001', expectedTotal: 298, pricesIncludeVat: true });
  });

  it('a cent-level difference within the tolerance is balanced by a rounding row', () => {
    const mapped = shopDocument(order({ total: 298.03 }), settings);
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    const rounding = mapped.document.lines.at(-1)!;
    expect(rounding).to.include({ productCode: 'AVRUNDNING', kind: 'rounding', unitPrice: 0.03, vatRate: 0 });
    const below = shopDocument(order({ total: 297.98 }), settings);
    if (below.kind !== 'document') throw new Error(below.message);
    expect(below.document.lines.at(-1)).to.include({ kind: 'rounding', unitPrice: -0.02 });
  });

  it('a difference beyond the tolerance needs attention, naming the order and both totals', () => {
    const mapped = shopDocument(order({ total: 310 }), settings);
    expect(mapped.kind).to.equal('blocked');
    if (mapped.kind !== 'blocked') return;
    expect(mapped.code).to.equal('total_mismatch');
    expect(mapped.message).to.contain('Order #1001').and.contain('298.00').and.contain('310.00');
    const tolerant = shopDocument(order({ total: 310 }), { ...settings, roundingTolerance: 20 });
    expect(tolerant.kind).to.equal('document');
  });

  it('coupons become one discount row per VAT rate and the total still agrees', () => {
    const discounted = order({
      total: 268.2,
      lines: [{ ...order().lines[0]!, netAfter: 239.46, taxAfter: 28.74 }],
    });
    const mapped = shopDocument(discounted, settings);
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    expect(mapped.document.lines.at(-1)).to.include({
      kind: 'discount',
      productCode: 'RABATT',
      unitPrice: 29.8,
      vatRate: 12,
    });
  });

  it('a GLN makes an e-invoicing company customer; a VAT number a B2B one', () => {
    const mapped = shopDocument(
      order({
        buyer: { ...order().buyer, company: 'Region Syd', gln: '7365560000001', organisationNumber: '232100-0255' },
      }),
      settings,
    );
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    expect(mapped.document.customer).to.include({ kind: 'company', name: 'Region Syd', gln: '7365560000001' });
    const b2b = shopDocument(
      order({ buyer: { ...order().buyer, vatNumber: 'de 123 456 789', country: 'DE' } }),
      settings,
    );
    if (b2b.kind !== 'document' && b2b.kind !== 'blocked') return;
    expect(b2b.kind === 'document' ? b2b.document.customer : b2b.customer).to.include({
      kind: 'company',
      vatNumber: 'DE123456789',
    });
  });

  it('private buyers may share one Fortnox customer; companies never do', () => {
    const shared = { ...settings, customers: 'shared_b2c' as const, sharedCustomerNumber: '900' };
    const mapped = shopDocument(order(), shared);
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    expect(mapped.document.customer).to.include({ knownCustomerNumber: '900', kind: 'private' });
    const company = shopDocument(order({ buyer: { ...order().buyer, company: 'Acme AB' } }), shared);
    if (company.kind !== 'document') throw new Error(company.message);
    expect(company.document.customer.knownCustomerNumber).to.equal(undefined);
  });

  it('OSS: destination VAT for an EU private buyer needs the country set up; then the rate is kept', () => {
    const de = order({
      total: 119,
      buyer: { ...order().buyer, country: 'DE' },
      lines: [
        {
          kind: 'product',
          sku: 'X',
          name: 'X',
          quantity: 1,
          net: 100,
          tax: 19,
          netAfter: 100,
          taxAfter: 19,
          vatRate: 19,
          vatCountry: 'DE',
        },
      ],
    });
    const blocked = shopDocument(de, settings);
    expect(blocked.kind === 'blocked' && blocked.code).to.equal('oss_not_configured');
    const listed = shopDocument(de, { ...settings, ossCountries: ['DE'] });
    expect(listed.kind === 'blocked' && listed.message).to.contain('names no OSS sales account for DE 19 %');
    const mapped = shopDocument(de, { ...settings, ossAccounts: { 'DE:19': 3118 } });
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    expect(mapped.document.lines[0]).to.include({ vatRate: 19, unitPrice: 119, salesAccount: 3118 });
    const byCountry = shopDocument(de, { ...settings, ossAccounts: { DE: 3117 } });
    expect(byCountry.kind === 'document' && byCountry.document.lines[0]?.salesAccount).to.equal(3117);
  });

  it('a tax no rate explains, and a missing address, are plain messages', () => {
    const unknown = shopDocument(order({ lines: [{ ...order().lines[0]!, vatRate: undefined }] }), settings);
    expect(unknown.kind === 'blocked' && unknown.message).to.contain('matches no VAT rate');
    const noAddress = shopDocument(
      order({ buyer: { ...order().buyer, street1: '', postalCode: '', city: '' } }),
      settings,
    );
    expect(noAddress.kind === 'blocked' && noAddress.message).to.contain('Order #1001 has no billing address');
  });

  it('terms of payment and the payment method follow the settings', () => {
    const mapped = shopDocument(order(), { ...settings, termsOfPayment: { card: '0' } });
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    expect(mapped.document.termsOfPayment).to.equal('0');
    expect(mapped.document.routing?.paymentMethod).to.equal('card');
  });
});
