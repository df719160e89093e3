import type { CentPrecisionMoney, Order, Payment } from '@commercetools/platform-sdk';
import { escapeHtml as esc, renderPage } from '../kit/index.ts';
import type { Internal } from './internal.ts';
import { syncInfo } from './shop.ts';

/**
 * The page at `/`: play the shop and its merchant in the demo. Place an order in the Swedish or
 * German store (cart → order, paid by card), then capture, refund, return or cancel it, and watch the
 * order, payment state and the sync info the service wrote back. Buttons call `/__control`.
 */

const fmt = (m: CentPrecisionMoney | undefined): string =>
  m ? `${(m.centAmount / 10 ** m.fractionDigits).toFixed(m.fractionDigits)} ${m.currencyCode}` : '–';

function paid(p: Payment | undefined): string {
  if (!p) return '<span class="muted">no payment</span>';
  const by = (type: string) =>
    p.transactions.filter((t) => t.type === type && t.state === 'Success').reduce((s, t) => s + t.amount.centAmount, 0);
  const m = (c: number) => fmt({ ...p.amountPlanned, centAmount: c });
  return `authorized ${m(by('Authorization'))}<br>captured ${m(by('Charge'))}<br>refunded ${m(by('Refund'))}`;
}

const badge = (state: string | undefined, good: string[], bad: string[]): string =>
  state
    ? `<span class="badge ${good.includes(state) ? 'ok' : bad.includes(state) ? 'bad' : 'warn'}">${esc(state)}</span>`
    : '<span class="muted">–</span>';

function orderRow(env: Internal, o: Order): string {
  const payment = o.paymentInfo?.payments[0] ? env.project.payments.get(o.paymentInfo.payments[0].id) : undefined;
  const returned = (o.returnInfo ?? []).flatMap((r) => r.items).reduce((s, i) => s + i.quantity, 0);
  const sync = syncInfo(env, o.id)
    .map((s) => `${esc(s.channel)}: <b>${esc(s.externalId ?? '')}</b><br><span class="muted">${esc(s.syncedAt)}</span>`)
    .join('<br>');
  const lines = o.lineItems.map((l) => `${l.quantity} × ${esc(l.variant.sku)}`).join('<br>');
  const ref = esc(o.orderNumber ?? o.id);
  const button = (action: string, label: string) =>
    `<button data-action="${action}" data-order="${ref}">${label}</button>`;
  return `<tr data-order-row="${ref}"><td>${ref}<br><span class="muted">${esc(o.store?.key ?? '')}</span></td><td>${lines}</td>
<td class="num">${fmt(o.taxedPrice?.totalGross ?? o.totalPrice)}</td><td>${badge(o.orderState, ['Complete', 'Confirmed'], ['Cancelled'])}</td>
<td class="payment-state">${badge(o.paymentState, ['Paid'], ['Failed'])}</td><td>${paid(payment)}</td><td>${returned || ''}</td>
<td class="sync-info">${sync || '<span class="muted">not synced</span>'}</td>
<td>${button('capture', 'Capture')} ${button('refund', 'Refund')} ${button('return', 'Return')} ${button('cancel', 'Cancel')}</td></tr>`;
}

function orderForm(env: Internal): string {
  const p = env.project;
  const stores = p.stores
    .all()
    .map((s) => `<option value="${esc(s.key)}">${esc(s.name?.en ?? s.key)}</option>`)
    .join('');
  const products = p.products
    .all()
    .filter((x) => x.masterData.published)
    .map((x) => {
      const v = x.masterData.current.masterVariant;
      const prices = (v.prices ?? []).map((pr) => fmt(pr.value as CentPrecisionMoney)).join(' / ');
      return `<label style="display:block">${esc(x.masterData.current.name.sv ?? x.masterData.current.name.en ?? v.sku)} <span class="muted">${esc(v.sku)} · ${prices}</span> <input type="number" min="0" value="0" style="width:5em" data-sku="${esc(v.sku)}"></label>`;
    })
    .join('');
  const customers = p.customers
    .all()
    .map(
      (c) =>
        `<option value="${esc(c.id)}">${esc(`${c.firstName ?? ''} ${c.lastName ?? ''}`.trim() || c.customerNumber || c.id)}</option>`,
    )
    .join('');
  const units = p.businessUnits
    .all()
    .map((b) => `<option value="${esc(b.key)}">${esc(b.name)}</option>`)
    .join('');
  return `<fieldset><legend>Place an order</legend>
<label>Store <select id="store">${stores}</select></label>
<label>Customer <select id="customer"><option value="">Guest</option>${customers}</select></label>
<label>Company <select id="unit"><option value="">–</option>${units}</select></label>
${products}<button id="place">Place order</button></fieldset>`;
}

const SCRIPT = `const msg = document.getElementById('message');
async function control(path, body) {
  const res = await fetch('/__control' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) { msg.textContent = data.error || res.statusText; return false; }
  location.reload(); return true;
}
document.getElementById('place').addEventListener('click', () => {
  const lines = [...document.querySelectorAll('input[data-sku]')].map((i) => ({ sku: i.dataset.sku, quantity: Number(i.value) })).filter((l) => l.quantity > 0);
  if (lines.length === 0) { msg.textContent = 'Choose at least one product.'; return; }
  const body = { store: document.getElementById('store').value, lines };
  const customer = document.getElementById('customer').value; if (customer) body.customerId = customer;
  const unit = document.getElementById('unit').value; if (unit) body.businessUnit = unit;
  control('/orders', body);
});
document.querySelectorAll('button[data-action]').forEach((b) => b.addEventListener('click', () => control('/orders/' + b.dataset.action, { order: b.dataset.order })));
document.getElementById('messages-toggle')?.addEventListener('click', (e) => control('/messages/config', { enabled: e.target.dataset.enabled !== 'true' }));`;

export function shopPage(env: Internal): string {
  const p = env.project;
  const orders = p.orders.all().slice().reverse();
  const recent = p.messages.visible().slice(-12).reverse();
  const cfg = p.messages.config;
  const body = `${orderForm(env)}
<h2>Orders</h2><table id="orders"><thead><tr><th>Order</th><th>Lines</th><th class="num">Total</th><th>Order state</th><th>Payment state</th><th>Payment</th><th>Returned</th><th>Sync info (written back)</th><th></th></tr></thead>
<tbody>${orders.map((o) => orderRow(env, o)).join('') || '<tr><td colspan="9" class="muted">No orders yet.</td></tr>'}</tbody></table>
<h2>Messages</h2><p>Messages Query API: <b>${cfg.enabled ? 'enabled' : 'disabled'}</b>, kept ${cfg.deleteDaysAfterCreation} days
<button id="messages-toggle" data-enabled="${cfg.enabled}">${cfg.enabled ? 'Disable' : 'Enable'}</button></p>
<table><thead><tr><th>Created</th><th>Type</th><th>Resource</th><th class="num">Seq.</th><th class="num">Version</th></tr></thead><tbody>
${recent.map((m) => `<tr><td>${esc(m.createdAt)}</td><td>${esc(m.type)}</td><td>${esc(m.resource.typeId)} ${esc(m.resource.id.slice(0, 8))}</td><td class="num">${m.sequenceNumber}</td><td class="num">${m.resourceVersion}</td></tr>`).join('')}</tbody></table>`;
  return renderPage({
    title: 'commercetools emulator',
    subtitle: `Project ${p.key} — play the shop and its merchant`,
    body,
    script: SCRIPT,
    refreshSeconds: 3,
  });
}
