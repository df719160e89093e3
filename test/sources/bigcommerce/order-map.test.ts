import { expect } from 'chai';
import { mapOrder } from '../../../src/sources/bigcommerce/order-map.ts';
import {
  orderProductSchema,
  orderSchema,
  shippingAddressSchema,
} from '../../../src/sources/bigcommerce/order-schema.ts';
import { bigcommerceSettingsSchema } from '../../../src/sources/bigcommerce/settings.ts';
import { fixturesPresent, loadFixture } from '../../helpers/shared-fixtures.ts';

const readSharedJson = (name: string): unknown => loadFixture('bigcommerce', name).response;

/**
 * The mapping on BigCommerce's own examples (../shared/fixtures/bigcommerce/) and on orders a
 * person must fix: what Fortnox will be sent, and what the merchant is told.
 */
const settings = bigcommerceSettingsSchema.parse({});

function parts(over: { order?: Record<string, unknown>; products?: Record<string, unknown>[] } = {}) {
  const order = orderSchema.parse({ ...(readSharedJson('v2-orders-get') as object), ...over.order });
  const products = (over.products ?? (readSharedJson('v2-order-products-list') as unknown[])).map((p) =>
    orderProductSchema.parse(p),
  );
  const addresses = (readSharedJson('v2-order-shipping-addresses-list') as unknown[]).map((a) =>
    shippingAddressSchema.parse(a),
  );
  return { order, products, addresses };
}

describe('BigCommerce order mapping', () => {
  if (!fixturesPresent('bigcommerce')) {
    it('skips: ../shared/fixtures/bigcommerce is absent');
    return;
  }
  it('maps the official example: prices excl. VAT as the store reports them, shipping as a row, the order total expected', () => {
    const read = mapOrder(parts({ order: { status_id: 11 } }), 'main', 'abc123', settings);
    if (read.kind !== 'document') throw new Error(`expected a document, got ${read.kind}`);
    const { document } = read;
    expect(document.source).to.deep.equal({
      system: 'bigcommerce',
      connection: 'main',
      object: 'order',
      id: String(document.yourOrderNumber),
    });
    expect(document.active).to.equal(true);
    expect(document.lines.filter((l) => l.kind === 'product').every((l) => l.productCode !== undefined)).to.equal(true);
    expect(document.lines.some((l) => l.kind === 'shipping')).to.equal(true);
    expect(document.expectedTotal).to.be.a('number');
    expect(document.routing).to.include({ store: 'abc123', channel: '1' });
  });

  it('Incomplete, Declined and Cancelled orders never want a document; Awaiting Payment not by default', () => {
    for (const status_id of [0, 5, 6, 7]) {
      const read = mapOrder(parts({ order: { status_id } }), 'main', 'abc123', settings);
      expect(
        read.kind === 'document' ? read.document.active : read.kind === 'blocked' && read.active,
        `status ${status_id}`,
      ).to.equal(false);
    }
  });

  it('a line without SKU or with quantity 0 parks the order with a message naming it', () => {
    const [first] = readSharedJson('v2-order-products-list') as Record<string, unknown>[];
    const noSku = mapOrder(
      parts({ order: { status_id: 11, id: 4711 }, products: [{ ...first, sku: '' }] }),
      'main',
      'h',
      settings,
    );
    expect(noSku).to.include({ kind: 'blocked', code: 'order_line_sku_missing' });
    expect(noSku.kind === 'blocked' && noSku.message).to.match(/^Order #4711: the line .* has no SKU/);
    const zero = mapOrder(
      parts({ order: { status_id: 11, id: 4712 }, products: [{ ...first, quantity: 0 }] }),
      'main',
      'h',
      settings,
    );
    expect(zero).to.include({ kind: 'blocked', code: 'order_line_quantity_zero' });
    expect(zero.kind === 'blocked' && zero.active).to.equal(true);
  });

  it('private shoppers can share one Fortnox customer; companies keep their own', () => {
    const shared = bigcommerceSettingsSchema.parse({ privateCustomers: 'shared' });
    const read = mapOrder(parts({ order: { status_id: 11 } }), 'main', 'h', shared);
    if (read.kind !== 'document') throw new Error(read.kind);
    expect(read.document.customer).to.include({ name: 'Webshop customers', kind: 'private' });
    expect(read.document.customer.source.id).to.equal('shared');
  });

  it('refuses settings that would invoice abandoned or failed checkouts', () => {
    expect(bigcommerceSettingsSchema.safeParse({ invoiceStatuses: [11, 0] }).success).to.equal(false);
  });
});
