import { expect } from 'chai';
import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { shapeDiff } from '../../helpers/json-shape.ts';
import { type Exchange, fixtureNames, fixturesPresent, loadFixture } from '../../helpers/shared-fixtures.ts';
import { CUSTOMER, documentedOrder, must, refundedCustomerOrder, US_SHOP, usShop } from './fidelity-setup.ts';
import { type Answer, admin, receiver, start } from './helpers.ts';

/**
 * Every example in ../shared/fixtures/woocommerce answered by the emulator: the equivalent request
 * against a shop set up like the documentation's (a US store, prices without tax, California state
 * tax), the same status and the same JSON shape (keys, nesting, JSON types).
 */

const PAID_ON_COMPLETE =
  'WooCommerce ≥ 3.x sets date_paid on reaching completed (WC_Order::maybe_set_date_paid); the 2017 example’s order 723 is completed without one';

interface Scenario {
  run: (emu: WooCommerceEmulator, fx: Exchange) => Promise<Answer | { status: number; json: unknown }>;
  /** Paths where null stands for a value the equivalent state cannot have, with the reason in a comment. */
  retyped?: Record<string, string>;
}

const SCENARIOS: Record<string, Scenario> = {
  'orders-create': {
    run: async (emu) => {
      const { request } = await documentedOrder(emu);
      return admin(emu, 'POST', '/orders', request);
    },
  },
  'orders-get': {
    run: async (emu) => admin(emu, 'GET', `/orders/${(await documentedOrder(emu)).order.id}`),
  },
  'orders-update': {
    run: async (emu, fx) => admin(emu, 'PUT', `/orders/${(await documentedOrder(emu)).order.id}`, fx.request),
  },
  'orders-delete': {
    // The example deletes the order the "Update an order" example completed.
    run: async (emu) => {
      const { order } = await documentedOrder(emu);
      await must(admin(emu, 'PUT', `/orders/${order.id}`, { status: 'completed' }), 200);
      return admin(emu, 'DELETE', `/orders/${order.id}?force=true`);
    },
  },
  'orders-list': {
    run: async (emu) => {
      await refundedCustomerOrder(emu);
      await documentedOrder(emu);
      return admin(emu, 'GET', '/orders');
    },
    retyped: { '$[].date_paid': PAID_ON_COMPLETE, '$[].date_paid_gmt': PAID_ON_COMPLETE },
  },
  'order-refunds-create': {
    run: async (emu) => {
      const { order } = await documentedOrder(emu);
      return admin(emu, 'POST', `/orders/${order.id}/refunds`, { amount: '10.00', api_refund: false });
    },
  },
  'order-refunds-list': {
    run: async (emu) => admin(emu, 'GET', `/orders/${(await refundedCustomerOrder(emu)).id}/refunds`),
  },
  'customers-get': {
    run: async (emu) => admin(emu, 'GET', `/customers/${(await must(admin(emu, 'POST', '/customers', CUSTOMER))).id}`),
  },
  'products-get': {
    run: async (emu) => {
      const clothing = await must(admin(emu, 'POST', '/products/categories', { name: 'Clothing' }));
      const shirts = await must(admin(emu, 'POST', '/products/categories', { name: 'T-shirts' }));
      const categories = [{ id: clothing.id }, { id: shirts.id }];
      await must(admin(emu, 'POST', '/products', { name: 'Other shirt', regular_price: '10', categories }));
      const images = [{ src: 'https://example.com/front.jpg' }, { src: 'https://example.com/back.jpg' }];
      const p = await must(
        admin(emu, 'POST', '/products', { name: 'Premium Quality', regular_price: '21.99', categories, images }),
      );
      return admin(emu, 'GET', `/products/${p.id}`);
    },
  },
  'product-variations-get': {
    run: async (emu) => {
      const ids = await usShop(emu);
      await must(
        admin(emu, 'PUT', `/products/${ids.parent}/variations/${ids.variation}`, {
          images: [{ src: 'https://example.com/v.jpg' }],
        }),
        200,
      );
      return admin(emu, 'GET', `/products/${ids.parent}/variations/${ids.variation}`);
    },
  },
  'taxes-get': {
    run: async (emu) => {
      const rate = await must(
        admin(emu, 'POST', '/taxes', {
          country: 'US',
          state: 'AL',
          postcodes: ['35014', '35036', '35041'],
          cities: ['Alpine', 'Brookside', 'Cardiff'],
          rate: '4',
          name: 'State Tax',
        }),
      );
      return admin(emu, 'GET', `/taxes/${rate.id}`);
    },
  },
  'webhooks-create': {
    run: async (emu, fx) => {
      const r = await receiver();
      try {
        return await admin(emu, 'POST', '/webhooks', { ...(fx.request as object), delivery_url: r.url });
      } finally {
        await r.close();
      }
    },
  },
  'webhook-delivery-order-updated': {
    run: async (emu, fx) => {
      const r = await receiver();
      try {
        await must(admin(emu, 'POST', '/webhooks', { topic: 'order.updated', delivery_url: r.url }));
        await r.count(1); // the creation ping
        await documentedOrder(emu);
        await r.count(2);
        const delivery = r.seen[1];
        expect(delivery?.headers['x-wc-webhook-topic']).to.equal('order.updated');
        return { status: fx.status, json: JSON.parse(delivery?.body ?? 'null') };
      } finally {
        await r.close();
      }
    },
  },
  'error-404-rest-no-route': { run: async (emu) => admin(emu, 'GET', '/wp-json/wc/v3/no-such-thing') },
};

describe('WooCommerce emulator fidelity: the documented examples', () => {
  if (!fixturesPresent('woocommerce')) {
    it('skips: ../shared/fixtures/woocommerce is absent');
    return;
  }
  for (const name of fixtureNames('woocommerce')) {
    it(name, async () => {
      const scenario = SCENARIOS[name];
      if (!scenario) throw new Error(`no scenario for fixture ${name}: add one`);
      const fx = loadFixture('woocommerce', name);
      const emu = await start(US_SHOP);
      try {
        const got = await scenario.run(emu, fx);
        const json = 'json' in got ? got.json : undefined;
        expect(got.status, JSON.stringify(json).slice(0, 300)).to.equal(fx.status);
        const expected = fx.response ?? fx.request;
        expect(shapeDiff(expected, json, { retyped: scenario.retyped ?? {} })).to.deep.equal([]);
      } finally {
        await emu.close();
      }
    });
  }

  it('would catch a retyped money field (the comparison is not vacuous)', () => {
    const fx = loadFixture('woocommerce', 'orders-get');
    const order = structuredClone(fx.response) as Record<string, unknown>;
    order.total = 29.35;
    expect(shapeDiff(fx.response, order)).to.deep.equal(['$.total: the example has string, the answer number']);
  });
});
