import { DEMO_TOKEN } from '../../../emulators/bigcommerce/index.ts';
import { type Answer, receiver, SWEDISH_ADDRESS, type TestEmulator } from './helpers.ts';

/**
 * For each documented example, the equivalent exchange against the emulator: the state it needs,
 * then the request (or, for a callback, the store event that fires it). Each returns what came back.
 */

export interface Outcome {
  status: number;
  body: unknown;
  contentType?: string;
}

const out = (a: Answer): Outcome => ({
  status: a.status,
  body: a.json,
  contentType: a.headers.get('content-type') ?? '',
});

/** A paid T-shirt order (a variant with an option), a manual discount and shipping, to Sweden. */
async function tshirtOrder(t: TestEmulator, extra: Record<string, unknown> = {}) {
  const shirt = [...t.emu.store().variants.values()].find((v) => v.sku === 'TSHIRT-M');
  const made = await t.api('POST', '/v2/orders', {
    billing_address: SWEDISH_ADDRESS,
    shipping_addresses: [{ ...SWEDISH_ADDRESS, shipping_method: 'Standard' }],
    products: [{ product_id: shirt?.productId, variant_id: shirt?.id, quantity: 2 }],
    shipping_cost_inc_tax: 49,
    discount_amount: 20,
    status_id: 11,
    ...extra,
  });
  if (made.status !== 201) throw new Error(`order not created: ${made.text}`);
  return made.json as { id: number };
}

async function paidOrder(t: TestEmulator, gateway: string, customerId = 0) {
  return t.emu.checkout('demo', {
    customer_id: customerId,
    billing_address: SWEDISH_ADDRESS,
    lines: [
      { sku: 'MUGG-01', quantity: 2 },
      { sku: 'KAFFE-500', quantity: 1 },
    ],
    shipping_cost_inc_tax: 49,
    payment: { gateway, method: 'credit_card' },
  });
}

/** Registers a hook for `scope` on a fresh receiver, runs `trigger`, returns the callback. */
async function callback(t: TestEmulator, scope: string, trigger: () => unknown): Promise<Outcome> {
  const r = await receiver();
  try {
    const hook = await t.api('POST', '/v3/hooks', { scope, destination: r.url, headers: { 'X-Secret': 's3cret' } });
    if (hook.status !== 200) throw new Error(hook.text);
    const arrived = r.next();
    await trigger();
    const got = await arrived;
    await t.emu.webhooks.idle();
    const ack = t.emu.webhooks.deliveries({ event: scope }).at(-1);
    return { status: ack?.status ?? 0, body: got.json };
  } finally {
    await r.close();
  }
}

export const SCENARIOS: Record<string, (t: TestEmulator) => Promise<Outcome>> = {
  'b2b-companies-create': async (t) => {
    const res = await fetch(`${t.emu.url}/api/v3/io/companies`, {
      method: 'POST',
      headers: { 'X-Auth-Token': DEMO_TOKEN, 'X-Store-Hash': 'demo', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        companyName: 'Kafferosteriet Norr AB',
        companyPhone: '+46 8 123 45',
        companyEmail: 'info@norr.example',
        addressLine1: 'Storgatan 2',
        city: 'Luleå',
        country: 'SE',
        zipCode: '972 31',
        adminFirstName: 'Karin',
        adminLastName: 'Ek',
        adminEmail: 'karin@norr.example',
        extraFields: [{ fieldName: 'Organisationsnummer', fieldValue: '556677-8899' }],
        channelIds: [1],
      }),
    });
    return { status: res.status, body: await res.json() };
  },
  'v2-error-404': async (t) => {
    const o = await tshirtOrder(t);
    return out(await t.api('PUT', `/v2/orders/${o.id}/shipping_addresses/999999`, { city: 'Malmö' }));
  },
  'v2-order-coupons-list': async (t) => {
    const o = t.emu.checkout('demo', {
      billing_address: SWEDISH_ADDRESS,
      lines: [{ sku: 'MUGG-01', quantity: 1 }],
      coupon_code: 'SOMMAR10',
    });
    return out(await t.api('GET', `/v2/orders/${o.id}/coupons`));
  },
  'v2-order-products-list': async (t) => out(await t.api('GET', `/v2/orders/${(await tshirtOrder(t)).id}/products`)),
  'v2-order-shipping-addresses-list': async (t) =>
    out(await t.api('GET', `/v2/orders/${(await tshirtOrder(t)).id}/shipping_addresses`)),
  'v2-order-taxes-list': async (t) => out(await t.api('GET', `/v2/orders/${(await tshirtOrder(t)).id}/taxes`)),
  'v2-orders-get': async (t) => {
    const o = await tshirtOrder(t, {
      billing_address: {
        ...SWEDISH_ADDRESS,
        form_fields: [{ name: 'Leveransinstruktioner', value: 'Lämna vid dörren' }],
      },
      fees: [
        {
          type: 'custom_fee',
          display_name_customer: 'Presentinslagning',
          source: 'AA',
          cost_ex_tax: 20,
          cost_inc_tax: 25,
        },
      ],
    });
    return out(await t.api('GET', `/v2/orders/${o.id}`));
  },
  'v2-orders-list': async (t) => {
    await tshirtOrder(t, { external_source: 'POS' });
    return out(await t.api('GET', '/v2/orders'));
  },
  'v3-catalog-product-get': async (t) => {
    const shirt = [...t.emu.store().variants.values()].find((v) => v.sku === 'TSHIRT-M');
    return out(await t.api('GET', `/v3/catalog/products/${shirt?.productId}`));
  },
  'v3-catalog-variant-get': async (t) => {
    const shirt = [...t.emu.store().variants.values()].find((v) => v.sku === 'TSHIRT-M');
    return out(await t.api('GET', `/v3/catalog/products/${shirt?.productId}/variants/${shirt?.id}`));
  },
  'v3-customers-list': async (t) => {
    t.emu.createStore({ hash: 'fx' });
    const token = t.emu.createAccount('fx', ['store_v2_customers_read_only']).access_token;
    for (const n of [1, 2, 3]) {
      t.emu.createCustomer('fx', {
        ...{ email: `buyer${n}@acme.example`, first_name: 'Jane', last_name: `Smith ${n}`, company: 'Acme Corp' },
        ...{ segment_ids: ['5bb733a9-5491-47b3-9451-9ae8d6a6bc6b'], store_credit_amounts: [{ amount: 43.15 }] },
        addresses: [
          {
            first_name: 'Jane',
            last_name: 'Smith',
            address1: 'Addr1',
            city: 'Austin',
            postal_code: '78701',
            country_code: 'US',
          },
        ],
      });
    }
    const include = 'addresses,storecredit,shopper_profile_id,segment_ids';
    return out(
      await t.api('GET', `/v3/customers?include=${include}&page=2&limit=1`, undefined, { store: 'fx', token }),
    );
  },
  'v3-error-429': async (t) => {
    t.emu.setRateLimit({ enabled: true, max: 2 });
    await t.api('GET', '/v3/customers');
    await t.api('GET', '/v3/customers');
    return out(await t.api('POST', '/v3/customers/validate-credentials', { email: 'a@b.se', password: 'x' }));
  },
  'v3-hooks-get': async (t) => {
    const made = await t.api('POST', '/v3/hooks', {
      scope: 'store/order/created',
      destination: 'https://sync.example.com/webhooks',
      headers: { 'custom-key': 'our shared secret' }, // free-form names; the example's own
    });
    return out(await t.api('GET', `/v3/hooks/${(made.json as { data: { id: number } }).data.id}`));
  },
  'v3-inventory-relative-422': async (t) => {
    const p = t.emu.createProduct('demo', {
      name: 'Ny burk',
      sku: 'BURK-NY',
      price: 99,
      inventory_tracking: 'product',
      absolute: false,
    });
    return out(
      await t.api('POST', '/v3/inventory/adjustments/relative', {
        items: [{ location_id: 1, product_id: p.id, quantity: 5 }],
      }),
    );
  },
  'v3-refund-quote-create': async (t) => {
    const o = await paidOrder(t, 'braintree');
    const items = [
      { item_type: 'PRODUCT', item_id: o.lines[0]?.id, quantity: 1 },
      { item_type: 'SHIPPING', item_id: o.addresses[0]?.id, amount: 10 },
      { item_type: 'ORDER', item_id: o.id, amount: 1 },
    ];
    return out(await t.api('POST', `/v3/orders/${o.id}/payment_actions/refund_quotes`, { items }));
  },
  'v3-refund-create': async (t) => {
    const o = await paidOrder(t, 'braintree');
    const items = [
      { item_type: 'PRODUCT', item_id: o.lines[0]?.id, quantity: 1 },
      { item_type: 'SHIPPING', item_id: o.addresses[0]?.id, amount: 10 },
    ];
    const quote = await t.api('POST', `/v3/orders/${o.id}/payment_actions/refund_quotes`, { items });
    const amount = (quote.json as { data: { total_refund_amount: number } }).data.total_refund_amount;
    return out(
      await t.api('POST', `/v3/orders/${o.id}/payment_actions/refunds`, {
        items,
        payments: [{ provider_id: 'braintree', amount, offline: false }],
      }),
    );
  },
  'v3-refund-get': async (t) => {
    const o = await paidOrder(t, 'storecredit', 1); // store credit needs a registered shopper
    const refund = t.emu.refund('demo', {
      order_id: o.id,
      lines: [{ order_product_id: o.lines[0]?.id ?? 0, quantity: 1 }],
    });
    return out(await t.api('GET', `/v3/orders/payment_actions/refunds/${refund.id}`));
  },
  'webhook-order-created': (t) => callback(t, 'store/order/created', () => paidOrder(t, 'stripe')),
  'webhook-order-status-updated': async (t) => {
    const o = t.emu.checkout('demo', { billing_address: SWEDISH_ADDRESS, lines: [{ sku: 'MUGG-01', quantity: 1 }] });
    return callback(t, 'store/order/statusUpdated', () => t.emu.pay('demo', { order_id: o.id }));
  },
  'webhook-order-refund-created': async (t) => {
    const o = await paidOrder(t, 'stripe');
    return callback(t, 'store/order/refund/created', () =>
      t.emu.refund('demo', { order_id: o.id, lines: [{ order_product_id: o.lines[1]?.id ?? 0, quantity: 1 }] }),
    );
  },
};
