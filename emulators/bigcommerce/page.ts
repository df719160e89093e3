import express, { type Router } from 'express';
import { escapeHtml as h, renderPage, send } from '../kit/index.ts';
import { countryName } from './customers.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { DEMO_STORE } from './seed.ts';
import { storeSnapshot } from './snapshot.ts';
import type { EmulatorState } from './state.ts';
import { STATUSES } from './statuses.ts';
import type { Store } from './store.ts';

/**
 * The page a person plays BigCommerce with in the demo: the shopper places an order (several
 * lines, a coupon, shipping, any country, paid or not), the merchant moves its status, takes
 * payment, ships, refunds a line or cancels; orders show what the service wrote back (staff notes,
 * metafields). Buttons call the `/__control` levers, so the page and the tests share one path.
 */

const COUNTRIES = ['SE', 'NO', 'DK', 'FI', 'DE', 'GB', 'US'];
const SHIPPING = [
  ['Standard', 49],
  ['Express', 99],
  ['Pickup in store', 0],
] as const;
const PAYMENTS = [
  ['card', 'Card (paid now)'],
  ['klarna', 'Klarna (paid now)'],
  ['bank', 'Bank transfer (awaiting payment)'],
  ['abandon', 'Abandon at payment (Incomplete)'],
] as const;

const kr = (n: number, currency: string) => `${n.toFixed(2)} ${h(currency)}`;
const badge = (status: string) => {
  const cls = /Refunded|Cancelled|Declined|Incomplete/.test(status)
    ? 'bad'
    : /Awaiting Payment|Pending/.test(status)
      ? 'warn'
      : 'ok';
  return `<span class="badge ${cls} status">${h(status)}</span>`;
};

function shopper(store: Store, snap: ReturnType<typeof storeSnapshot>): string {
  const products = snap.stock
    .map(
      (s) =>
        `<option value="${h(s.sku)}">${h(s.sku)} — ${h(s.name)}${s.level === null ? '' : ` (${s.level} in stock)`}</option>`,
    )
    .join('');
  const line = (i: number) =>
    `<label>Line ${i + 1} <select name="sku${i}"><option value="">—</option>${products}</select></label>
     <input name="qty${i}" type="number" min="1" value="1" size="3" aria-label="Quantity ${i + 1}">`;
  const customers = [...store.customers.values()]
    .map(
      (c) =>
        `<option value="${c.id}" data-first="${h(c.firstName)}" data-last="${h(c.lastName)}" data-company="${h(c.company)}" data-country="${h(c.addresses[0]?.country_code ?? 'SE')}" data-city="${h(c.addresses[0]?.city ?? '')}">${h(c.firstName)} ${h(c.lastName)}${c.company ? ` (${h(c.company)})` : ''}</option>`,
    )
    .join('');
  return `<h2>Shopper: place an order</h2>
<form id="checkout"><fieldset>
<label>Customer <select name="customer"><option value="0">Guest</option>${customers}</select></label>
<label>First name <input name="first" value="Eva" required></label> <label>Last name <input name="last" value="Berg" required></label>
<label>Company <input name="company"></label><br>
<label>Street <input name="street" value="Kungsgatan 5"></label> <label>Postcode <input name="zip" value="111 43" size="7"></label>
<label>City <input name="city" value="Stockholm"></label>
<label>Country <select name="country">${COUNTRIES.map((c) => `<option value="${c}">${h(countryName(c))}</option>`).join('')}</select></label>
</fieldset><fieldset>${[0, 1, 2].map(line).join('<br>')}</fieldset><fieldset>
<label>Coupon <input name="coupon" placeholder="SOMMAR10 or KAFFE50" size="12"></label>
<label>Shipping <select name="shipping">${SHIPPING.map(([n, p]) => `<option value="${n}" data-cost="${p}">${n} (${p} kr)</option>`).join('')}</select></label>
<label>Payment <select name="payment">${PAYMENTS.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')}</select></label>
<button type="submit">Place order</button></fieldset></form>`;
}

function orders(snap: ReturnType<typeof storeSnapshot>): string {
  const statusOptions = STATUSES.map(([id, name]) => `<option value="${id}">${id} ${h(name)}</option>`).join('');
  const rows = snap.orders.map((o) => {
    const lines = o.lines
      .map(
        (l) =>
          `${l.quantity} × ${h(l.sku || l.name)} = ${kr(l.paid, o.currency)} (${l.vat} %)${l.quantity_refunded ? ` <span class="muted">${l.quantity_refunded} refunded</span>` : ''}`,
      )
      .join('<br>');
    const refundable = o.lines.filter((l) => l.quantity > l.quantity_refunded);
    const refund = refundable.length
      ? `<select name="line" aria-label="Line to refund">${refundable.map((l) => `<option value="${l.order_product_id}">${h(l.sku || l.name)}</option>`).join('')}</select>
         <input name="qty" type="number" min="1" value="1" size="2" aria-label="Quantity to refund"><button data-act="refund">Refund line</button>`
      : '';
    const written = [
      o.staff_notes ? `<div class="note">Staff notes: ${h(o.staff_notes)}</div>` : '',
      ...o.metafields.map((m) => `<div class="metafield">${h(m.namespace)} / ${h(m.key)}: <b>${h(m.value)}</b></div>`),
    ].join('');
    return `<tr id="order-${o.id}" data-order="${o.id}"><td>#${o.id}<br><span class="muted">${h(o.created.slice(0, 16).replace('T', ' '))}</span></td>
<td>${h(o.billing)}<br><span class="muted">${h(o.country)}</span></td><td>${lines}${o.coupons.length ? `<br><span class="muted">coupon ${h(o.coupons.join(', '))}</span>` : ''}</td>
<td class="num total">${kr(o.total_inc_tax, o.currency)}<br><span class="muted">moms ${kr(o.total_tax, o.currency)}</span>${o.refunded ? `<br><span class="refunded">refunded ${kr(o.refunded, o.currency)}</span>` : ''}</td>
<td>${badge(o.status)}<br><span class="muted payment">${h(o.payment_status || '—')}</span></td><td class="written">${written || '<span class="muted">—</span>'}</td>
<td><select name="status" aria-label="New status">${statusOptions}</select><button data-act="status">Set status</button><br>
<button data-act="pay">Take payment</button> <button data-act="ship">Ship</button> <button data-act="cancel">Cancel</button><br>${refund}</td></tr>`;
  });
  return `<h2>Merchant: orders</h2><table id="orders"><thead><tr><th>Order</th><th>Customer</th><th>Lines</th><th>Total</th><th>Status</th><th>Written back</th><th></th></tr></thead>
<tbody>${rows.join('') || '<tr><td colspan="7" class="muted">No orders yet.</td></tr>'}</tbody></table>`;
}

function stockAndHooks(state: EmulatorState, snap: ReturnType<typeof storeSnapshot>): string {
  const stock = snap.stock
    .map(
      (s) =>
        `<tr id="stock-${h(s.sku)}"><td>${h(s.sku)}</td><td>${h(s.name)}</td><td>${h(s.tracking)}</td><td class="num level">${s.level ?? '—'}</td></tr>`,
    )
    .join('');
  const hooks = snap.hooks
    .map((k) => `<tr><td>${h(k.scope)}</td><td>${h(k.destination)}</td><td>${h(k.status)}</td></tr>`)
    .join('');
  const recent = state.delivery.dispatcher
    .deliveries()
    .filter((d) => state.delivery.sent.get(d.id)?.store === snap.hash)
    .slice(-8)
    .reverse()
    .map(
      (d) =>
        `<tr><td>${h(d.event)}</td><td>${h(d.outcome)}${d.status ? ` ${d.status}` : ''}</td><td>attempt ${d.attempt}</td></tr>`,
    )
    .join('');
  return `<h2>Stock</h2><table><thead><tr><th>SKU</th><th>Product</th><th>Tracking</th><th class="num">Level</th></tr></thead><tbody>${stock}</tbody></table>
<h2>Webhooks</h2><table><tbody>${hooks || '<tr><td class="muted">No hooks registered.</td></tr>'}</tbody></table>
<table><tbody>${recent || '<tr><td class="muted">Nothing delivered yet.</td></tr>'}</tbody></table>`;
}

export function pageRouter(state: EmulatorState): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const hash = typeof req.query.store === 'string' ? req.query.store : DEMO_STORE;
    const store = state.stores.get(hash);
    if (!store) return send(res, 404, `no store ${h(hash)}`, 'text/plain; charset=utf-8');
    const snap = storeSnapshot(store);
    const html = renderPage({
      title: `BigCommerce — ${store.name}`,
      subtitle: `BigCommerce emulator · store ${store.hash} · ${store.currency}, prices ${store.taxInclusive ? 'incl.' : 'excl.'} VAT`,
      body: `<div data-store="${h(store.hash)}" id="store">${shopper(store, snap)}${orders(snap)}${stockAndHooks(state, snap)}</div>`,
      script: PAGE_SCRIPT,
      refreshSeconds: 3,
    });
    send(res, 200, html, 'text/html; charset=utf-8');
  });
  return r;
}
