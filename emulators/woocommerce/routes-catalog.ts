import { z } from 'zod';
import { type Answer, type Call, forced, ok, type Route, route } from './api.ts';
import {
  CouponIn,
  CustomerIn,
  renderCoupon,
  renderCustomer,
  renderTaxRate,
  saveCoupon,
  saveCustomer,
  saveTaxRate,
  TaxIn,
} from './customers.ts';
import { cannotTrash, invalidId, WooError } from './errors.ts';
import { paginate, parseList, passesCommon, sortBy } from './list.ts';
import type { Product } from './model.ts';
import { parseBody } from './order-input.ts';
import { api } from './order-json.ts';
import { renderProduct, renderVariation } from './product-json.ts';
import { ProductIn, saveProduct } from './products.ts';
import { slugify } from './values.ts';

/** `/products` (+ variations), `/customers`, `/taxes`, `/coupons`. */

const listOf = (c: Call, orderby: string[]) =>
  parseList(c.query, { perPageMax: c.ctx.store.opts.quirks.perPageMax, orderby, timezone: c.ctx.store.opts.timezone });
const str = (c: Call, k: string): string | undefined =>
  typeof c.query[k] === 'string' ? String(c.query[k]) : undefined;

function productOf(c: Call): Product {
  const p = c.ctx.store.products.get(c.params[0] ?? 0);
  if (p?.parentId === 0) return p;
  throw invalidId('woocommerce_rest_product_invalid_id');
}

function variationOf(c: Call): Product {
  const parent = productOf(c);
  const v = c.ctx.store.products.get(c.params[1] ?? 0);
  if (!v || v.parentId !== parent.id) throw invalidId('woocommerce_rest_product_variation_invalid_id');
  return v;
}

function listProducts(c: Call, parentId: number): Answer {
  const q = listOf(c, [
    'date',
    'id',
    'include',
    'title',
    'slug',
    'price',
    'popularity',
    'rating',
    'menu_order',
    'modified',
  ]);
  const sku = str(c, 'sku');
  const status = str(c, 'status') ?? 'any';
  const type = str(c, 'type');
  const category = str(c, 'category');
  const items = [...c.ctx.store.products.values()].filter(
    (p) =>
      p.parentId === parentId &&
      (sku === undefined || sku.split(',').includes(p.sku)) &&
      (status === 'any' || p.status === status) &&
      (type === undefined || p.type === type) &&
      (category === undefined || p.categories.some((x) => String(x.id) === category)) &&
      (q.search === '' || p.name.toLowerCase().includes(q.search.toLowerCase())) &&
      passesCommon(q, p),
  );
  const key = (p: Product): number | string =>
    q.orderby === 'title'
      ? p.name
      : q.orderby === 'modified'
        ? p.modified
        : q.orderby === 'id'
          ? p.id
          : p.created + (p.id % 1000);
  const page = paginate(c.res, q, sortBy(items, q, key), c.url);
  return ok(page.map((p) => (parentId ? renderVariation(c.ctx, p) : renderProduct(c.ctx, p))));
}

function deleteProduct(c: Call, p: Product, render: (p: Product) => unknown): Answer {
  const { store } = c.ctx;
  const body = render(p);
  if (forced(c)) {
    store.products.delete(p.id);
    for (const v of p.variations) store.products.delete(v);
    const parent = store.products.get(p.parentId);
    if (parent) parent.variations = parent.variations.filter((id) => id !== p.id);
  } else {
    p.status = 'trash';
    p.modified = store.now();
  }
  store.fire('product', 'deleted', p.parentId || p.id);
  return ok(body);
}

const customerOf = (c: Call) => {
  const customer = c.ctx.store.customers.get(c.params[0] ?? 0);
  if (!customer) throw invalidId('woocommerce_rest_invalid_id', 'Invalid resource ID.');
  return customer;
};
const taxOf = (c: Call) => {
  const rate = c.ctx.store.taxRates.get(c.params[0] ?? 0);
  if (!rate) throw invalidId('woocommerce_rest_invalid_id', 'Invalid resource ID.');
  return rate;
};

const CategoryIn = z.object({ name: z.string().min(1), slug: z.string().optional() });

function categoryJson(c: Call, cat: { id: number; name: string; slug: string }): Record<string, unknown> {
  const count = [...c.ctx.store.products.values()].filter((p) => p.categories.some((x) => x.id === cat.id)).length;
  return {
    id: cat.id,
    name: cat.name,
    slug: cat.slug,
    parent: 0,
    description: '',
    display: 'default',
    image: null,
    menu_order: 0,
    count,
    _links: {
      self: [{ href: api(c.ctx, `products/categories/${cat.id}`) }],
      collection: [{ href: api(c.ctx, 'products/categories') }],
    },
  };
}

export const catalogRoutes: Route[] = [
  route(['GET'], '/products/categories', true, (c) => {
    const q = listOf(c, ['id', 'include', 'name', 'slug', 'term_group', 'description', 'count']);
    const cats = sortBy([...c.ctx.store.categories.values()], { ...q, order: 'asc' }, (x) => x.name);
    return ok(paginate(c.res, q, cats, c.url).map((x) => categoryJson(c, x)));
  }),
  route(['POST'], '/products/categories', true, (c) => {
    const input = parseBody(CategoryIn, c.body);
    const slug = input.slug ?? slugify(input.name);
    if ([...c.ctx.store.categories.values()].some((x) => x.slug === slug)) {
      throw new WooError(400, 'term_exists', 'A term with the name provided already exists with this parent.');
    }
    const cat = { id: c.ctx.store.nextTermId(), name: input.name, slug };
    c.ctx.store.categories.set(cat.id, cat);
    return ok(categoryJson(c, cat), 201);
  }),
  route(['GET'], '/products', true, (c) => listProducts(c, 0)),
  route(['POST'], '/products', true, (c) =>
    ok(renderProduct(c.ctx, saveProduct(c.ctx.store, parseBody(ProductIn, c.body))), 201),
  ),
  route(['GET'], '/products/:id', false, (c) => ok(renderProduct(c.ctx, productOf(c)))),
  route('edit', '/products/:id', false, (c) =>
    ok(renderProduct(c.ctx, saveProduct(c.ctx.store, parseBody(ProductIn, c.body), productOf(c)))),
  ),
  route(['DELETE'], '/products/:id', false, (c) => deleteProduct(c, productOf(c), (p) => renderProduct(c.ctx, p))),
  route(['GET'], '/products/:id/variations', true, (c) => listProducts(c, productOf(c).id)),
  route(['POST'], '/products/:id/variations', true, (c) => {
    const parent = productOf(c);
    return ok(
      renderVariation(c.ctx, saveProduct(c.ctx.store, parseBody(ProductIn, c.body), undefined, parent.id)),
      201,
    );
  }),
  route(['GET'], '/products/:id/variations/:id', false, (c) => ok(renderVariation(c.ctx, variationOf(c)))),
  route('edit', '/products/:id/variations/:id', false, (c) => {
    const v = variationOf(c);
    return ok(renderVariation(c.ctx, saveProduct(c.ctx.store, parseBody(ProductIn, c.body), v, v.parentId)));
  }),
  route(['DELETE'], '/products/:id/variations/:id', false, (c) =>
    deleteProduct(c, variationOf(c), (p) => renderVariation(c.ctx, p)),
  ),
  route(['GET'], '/customers', true, (c) => {
    const q = listOf(c, ['id', 'include', 'name', 'registered_date']);
    const email = str(c, 'email');
    const items = [...c.ctx.store.customers.values()].filter(
      (x) =>
        (email === undefined || x.email.toLowerCase() === email.toLowerCase()) &&
        (q.search === '' || `${x.email} ${x.firstName} ${x.lastName}`.toLowerCase().includes(q.search.toLowerCase())),
    );
    const sorted = sortBy(items, { ...q, order: str(c, 'order') === undefined ? 'asc' : q.order }, (x) =>
      q.orderby === 'name' ? x.firstName : x.id,
    );
    return ok(paginate(c.res, q, sorted, c.url).map((x) => renderCustomer(c.ctx, x)));
  }),
  route(['POST'], '/customers', true, (c) =>
    ok(renderCustomer(c.ctx, saveCustomer(c.ctx.store, parseBody(CustomerIn, c.body))), 201),
  ),
  route(['GET'], '/customers/:id', false, (c) => ok(renderCustomer(c.ctx, customerOf(c)))),
  route('edit', '/customers/:id', false, (c) =>
    ok(renderCustomer(c.ctx, saveCustomer(c.ctx.store, parseBody(CustomerIn, c.body), customerOf(c)))),
  ),
  route(['DELETE'], '/customers/:id', false, (c) => {
    const customer = customerOf(c);
    if (!forced(c)) throw cannotTrash('Customers');
    const body = renderCustomer(c.ctx, customer);
    c.ctx.store.customers.delete(customer.id);
    c.ctx.store.fire('customer', 'deleted', customer.id);
    return ok(body);
  }),
  route(['GET'], '/taxes', true, (c) => {
    const q = listOf(c, ['id', 'order', 'priority']);
    const cls = str(c, 'class');
    const items = [...c.ctx.store.taxRates.values()].filter((r) => cls === undefined || r.class === cls);
    const sorted = sortBy(items, { ...q, order: str(c, 'order') === undefined ? 'asc' : q.order }, (r) =>
      q.orderby === 'priority' ? r.priority : q.orderby === 'order' ? r.order : r.id,
    );
    return ok(paginate(c.res, q, sorted, c.url).map((r) => renderTaxRate(c.ctx, r)));
  }),
  route(['POST'], '/taxes', true, (c) =>
    ok(renderTaxRate(c.ctx, saveTaxRate(c.ctx.store, parseBody(TaxIn, c.body))), 201),
  ),
  route(['GET'], '/taxes/:id', false, (c) => ok(renderTaxRate(c.ctx, taxOf(c)))),
  route('edit', '/taxes/:id', false, (c) =>
    ok(renderTaxRate(c.ctx, saveTaxRate(c.ctx.store, parseBody(TaxIn, c.body), taxOf(c)))),
  ),
  route(['DELETE'], '/taxes/:id', false, (c) => {
    const rate = taxOf(c);
    if (!forced(c)) throw cannotTrash('Taxes');
    c.ctx.store.taxRates.delete(rate.id);
    return ok(renderTaxRate(c.ctx, rate));
  }),
  route(['GET'], '/coupons', true, (c) => {
    const q = listOf(c, ['date', 'id', 'include', 'title', 'slug', 'modified']);
    const code = str(c, 'code');
    const items = [...c.ctx.store.coupons.values()].filter((x) => code === undefined || x.code === code.toLowerCase());
    return ok(
      paginate(
        c.res,
        q,
        sortBy(items, q, (x) => x.id),
        c.url,
      ).map((x) => renderCoupon(c.ctx, x)),
    );
  }),
  route(['POST'], '/coupons', true, (c) =>
    ok(renderCoupon(c.ctx, saveCoupon(c.ctx.store, parseBody(CouponIn, c.body))), 201),
  ),
  route(['GET'], '/coupons/:id', false, (c) => {
    const coupon = c.ctx.store.coupons.get(c.params[0] ?? 0);
    if (!coupon) throw invalidId('woocommerce_rest_shop_coupon_invalid_id');
    return ok(renderCoupon(c.ctx, coupon));
  }),
];
