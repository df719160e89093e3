// The sales page's own script (plain browser JavaScript, no framework). It renders from
// /__ui/state, never while the rep is typing in a table, and checks quantities before sending:
// the page refuses what a rep should not enter, the REST API keeps Salesforce's own rules.
export const SALES_SCRIPT = `
const $ = (s) => document.querySelector(s);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
let state = { accounts: [], opportunities: [], entries: [], orders: [], products: [] };
function say(text, ok) { const m = $('#message'); m.textContent = text || ''; m.className = ok ? 'info' : ''; }
async function call(method, url, body, okText) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const out = await res.json();
  say(out.ok ? okText : out.message, out.ok);
  await refresh(true);
  return out;
}
function formData(form) {
  const data = {};
  for (const [k, v] of new FormData(form)) if (k !== 'Id') data[k] = v === '' ? null : (form.elements[k].type === 'number' ? Number(v) : v);
  return data;
}
/** A positive quantity, or a message on the page and nothing sent. */
function quantityOf(input) {
  const raw = input.value.trim();
  const q = Number(raw);
  if (raw === '' || !Number.isFinite(q) || q <= 0) {
    say('Quantity must be a number above 0 (you entered "' + raw + '"). To take a product off the deal, press Remove.');
    input.focus();
    return undefined;
  }
  return q;
}
function money(v) { return v == null ? '' : Number(v).toFixed(2); }
function dd(label, field, value) { return '<dt>' + label + '</dt><dd data-field="' + field + '">' + value + '</dd>'; }
function fortnox(r) {
  const link = r.Fortnox_Invoice_Link__c ? '<a href="' + esc(r.Fortnox_Invoice_Link__c) + '" target="_blank">Invoice PDF</a>' : '';
  return '<dl class="fortnox">' + dd('Status', 'status', esc(r.Fortnox_Status__c)) + dd('Invoice no', 'invoice', esc(r.Fortnox_Invoice_Number__c)) +
    dd('Total', 'total', money(r.Fortnox_Total__c)) + dd('Balance', 'balance', money(r.Fortnox_Balance__c)) +
    dd('Due date', 'due', esc(r.Fortnox_Due_Date__c)) + dd('Paid date', 'paid', esc(r.Fortnox_Paid_Date__c)) +
    dd('Synced', 'synced', esc((r.Fortnox_Synced_At__c || '').replace('T', ' ').slice(0, 16))) + dd('PDF', 'link', link) + '</dl>' +
    (r.Fortnox_Sync_Error__c ? '<div class="err" data-field="error">' + esc(r.Fortnox_Sync_Error__c) + '</div>' : '');
}
function accountRow(a) {
  return '<tr data-account="' + a.Id + '"><td><b>' + esc(a.Name) + '</b><br><span class="muted">' + esc([a.BillingCity, a.BillingCountry].filter(Boolean).join(', ')) + '</span></td>' +
    '<td>' + esc(a.Organisation_Number__c) + '<br>' + esc(a.VAT_Number__c) + '<br><span data-field="invoice-email">' + esc(a.Invoice_Email__c) + '</span></td>' +
    '<td>' + (a.Fortnox_Customer_Number__c ? 'Customer ' + esc(a.Fortnox_Customer_Number__c) : '') + (a.Fortnox_Sync_Error__c ? '<div class="err">' + esc(a.Fortnox_Sync_Error__c) + '</div>' : '') + '</td>' +
    '<td><button data-edit-account="' + a.Id + '">Edit</button> <button data-retry="' + a.Id + '">Retry sync</button></td></tr>';
}
function lineRow(l) {
  return '<div class="line" data-line="' + l.Id + '"><span>' + esc(l.ProductCode) + ' ' + esc(l.Name) + '</span>' +
    '<input data-line-qty type="number" step="any" value="' + esc(l.Quantity) + '" aria-label="Quantity">' +
    '× <input data-line-price type="number" step="0.01" value="' + esc(l.UnitPrice) + '" aria-label="Sales price">' +
    '− <input data-line-discount type="number" step="0.01" value="' + esc(l.Discount ?? '') + '" aria-label="Discount %" placeholder="%">' +
    '= <span data-field="line-total">' + money(l.TotalPrice) + '</span>' +
    '<button data-save-line="' + l.Id + '">Save</button><button data-remove-line="' + l.Id + '">Remove</button></div>';
}
function oppRow(o, entryOptions) {
  const lines = (o.OpportunityLineItems?.records ?? []).map(lineRow).join('');
  return '<tr data-opp="' + o.Id + '"><td><b>' + esc(o.Name) + '</b><br><span class="muted">' + esc(o.Account?.Name || 'no account') + ' · ' + esc(o.Owner?.Name) + '</span>' + lines +
    '<div class="line"><select data-entry aria-label="Product">' + entryOptions + '</select><input data-qty type="number" step="any" value="1" aria-label="Quantity"><button data-add-line="' + o.Id + '">Add product</button></div></td>' +
    '<td data-field="stage">' + esc(o.StageName) + '</td><td class="num">' + money(o.Amount) + '</td><td>' + fortnox(o) + '</td><td>' +
    (o.IsWon ? '' : '<button class="won" data-won="' + o.Id + '">Closed Won</button> ') + '<button data-edit-opp="' + o.Id + '">Edit</button> <button data-retry="' + o.Id + '">Retry sync</button></td></tr>';
}
function orderRow(o, entryOptions) {
  const active = o.Status === 'Activated';
  const items = (o.OrderItems?.records ?? []).map((i) => '<div class="line" data-item="' + i.Id + '"><span>' + esc(i.Product2?.ProductCode) + ' ' + esc(i.Product2?.Name) + '</span> ' +
    esc(i.Quantity) + ' × ' + money(i.UnitPrice) + ' = ' + money(i.TotalPrice) + (active ? '' : ' <button data-remove-item="' + i.Id + '">Remove</button>') + '</div>').join('');
  const add = active ? '' : '<div class="line"><select data-entry aria-label="Product">' + entryOptions + '</select><input data-qty type="number" step="any" value="1" aria-label="Quantity"><button data-add-item="' + o.Id + '">Add product</button></div>';
  return '<tr data-order="' + o.Id + '"><td><b>' + esc(o.Name || 'Order ' + o.OrderNumber) + '</b><br><span class="muted">' + esc(o.Account?.Name) + ' · ' + esc(o.EffectiveDate) + '</span>' + items + add + '</td>' +
    '<td data-field="status">' + esc(o.Status) + '</td><td class="num">' + money(o.TotalAmount) + '</td><td>' + fortnox(o) + '</td><td>' +
    (active ? '<button data-deactivate="' + o.Id + '">Deactivate</button>' : '<button class="won" data-activate="' + o.Id + '">Activate</button>') +
    ' <button data-retry="' + o.Id + '">Retry sync</button></td></tr>';
}
function productRow(p) {
  return '<tr data-product="' + p.Id + '"><td><b>' + esc(p.Name) + '</b><br><span class="muted">' + esc(p.ProductCode || 'no product code') + (p.IsActive ? '' : ' · inactive') + '</span></td>' +
    '<td class="num">' + money(p.StandardPrice) + '</td><td>' + esc(p.QuantityUnitOfMeasure) + ' ' + (p.Fortnox_VAT_Rate__c ? esc(p.Fortnox_VAT_Rate__c) + ' %' : '') + '</td>' +
    '<td><button data-edit-product="' + p.Id + '">Edit</button> <button data-retry="' + p.Id + '">Retry sync</button></td></tr>';
}
function render() {
  $('#accounts').innerHTML = state.accounts.map(accountRow).join('');
  const select = $('#account-select'); const chosen = select.value;
  select.innerHTML = '<option value="">— no account —</option>' + state.accounts.map((a) => '<option value="' + a.Id + '">' + esc(a.Name) + '</option>').join('');
  select.value = chosen;
  const entryOptions = state.entries.map((e) => '<option value="' + e.Id + '">' + esc(e.Name) + ' (' + esc(e.UnitPrice) + ')</option>').join('');
  $('#opps').innerHTML = state.opportunities.map((o) => oppRow(o, entryOptions)).join('');
  const orderAccount = $('#order-account-select'); const picked = orderAccount.value;
  orderAccount.innerHTML = state.accounts.map((a) => '<option value="' + a.Id + '">' + esc(a.Name) + '</option>').join('');
  if (picked) orderAccount.value = picked;
  $('#orders').innerHTML = state.orders.map((o) => orderRow(o, entryOptions)).join('');
  $('#products').innerHTML = state.products.map(productRow).join('');
}
function fill(form, rec) { for (const el of form.elements) if (el.name) el.value = rec[el.name] ?? ''; }
/** Polls without clobbering what the rep is typing in a product line. */
async function refresh(force) {
  state = await (await fetch('/__ui/state')).json();
  const a = document.activeElement;
  if (force || !a || !a.closest('#opps, #accounts, #orders') || a.tagName === 'BUTTON') render();
}
$('#account-form').onsubmit = async (e) => { e.preventDefault(); const f = e.target; const id = f.Id.value;
  const out = await call(id ? 'PATCH' : 'POST', '/__ui/accounts' + (id ? '/' + id : ''), formData(f), 'Account saved.'); if (out.ok) f.reset(); };
$('#opp-form').onsubmit = async (e) => { e.preventDefault(); const f = e.target; const id = f.Id.value;
  const out = await call(id ? 'PATCH' : 'POST', '/__ui/opportunities' + (id ? '/' + id : ''), formData(f), 'Opportunity saved.'); if (out.ok) f.reset(); };
$('#order-form').onsubmit = async (e) => { e.preventDefault(); const f = e.target;
  const out = await call('POST', '/__ui/orders', formData(f), 'Order created (draft): add its products, then activate it.'); if (out.ok) f.reset(); };
$('#product-form').onsubmit = async (e) => { e.preventDefault(); const f = e.target; const id = f.Id.value;
  const data = formData(f); data.IsActive = data.IsActive !== 'false';
  const out = await call(id ? 'PATCH' : 'POST', '/__ui/products' + (id ? '/' + id : ''), data, 'Product saved.'); if (out.ok) f.reset(); };
document.body.addEventListener('click', async (e) => {
  const b = e.target.closest('button'); if (!b) return;
  const t = b.dataset; const line = b.closest('[data-line]'); const row = b.closest('tr');
  if (t.won) await call('POST', '/__ui/opportunities/' + t.won + '/won', undefined, '');
  if (t.editAccount) fill($('#account-form'), state.accounts.find((a) => a.Id === t.editAccount));
  if (t.editOpp) fill($('#opp-form'), state.opportunities.find((o) => o.Id === t.editOpp));
  if (t.retry) await call('POST', '/__ui/retry/' + t.retry, undefined, 'Retry requested: Fortnox_Sync_Request__e published for ' + t.retry + '.');
  if (t.activate) await call('POST', '/__ui/orders/' + t.activate + '/activate', undefined, 'Order activated.');
  if (t.deactivate) await call('POST', '/__ui/orders/' + t.deactivate + '/deactivate', undefined, 'Order back to draft.');
  if (t.removeItem) await call('DELETE', '/__ui/order-items/' + t.removeItem, undefined, 'Product removed.');
  if (t.editProduct) { const p = state.products.find((x) => x.Id === t.editProduct);
    fill($('#product-form'), { ...p, IsActive: String(p.IsActive !== false), StandardPrice: p.StandardPrice ?? '' }); }
  if (t.addItem) {
    const q = quantityOf(row.querySelector('[data-qty]')); if (q === undefined) return;
    const entry = row.querySelector('[data-entry]').value;
    await call('POST', '/__ui/orders/' + t.addItem + '/items', { PricebookEntryId: entry, Quantity: q, UnitPrice: state.entries.find((x) => x.Id === entry)?.UnitPrice }, 'Product added.');
  }
  if (t.removeLine) await call('DELETE', '/__ui/lines/' + t.removeLine, undefined, 'Product removed.');
  if (t.saveLine) {
    const q = quantityOf(line.querySelector('[data-line-qty]')); if (q === undefined) return;
    const discount = line.querySelector('[data-line-discount]').value;
    await call('PATCH', '/__ui/lines/' + t.saveLine, { Quantity: q, UnitPrice: Number(line.querySelector('[data-line-price]').value), Discount: discount === '' ? null : Number(discount) }, 'Product line saved.');
  }
  if (t.addLine) {
    const q = quantityOf(row.querySelector('[data-qty]')); if (q === undefined) return;
    const entry = row.querySelector('[data-entry]').value;
    await call('POST', '/__ui/opportunities/' + t.addLine + '/lines', { PricebookEntryId: entry, Quantity: q, UnitPrice: state.entries.find((x) => x.Id === entry)?.UnitPrice }, 'Product added.');
  }
});
refresh(true); setInterval(() => refresh(false), 2000);
`;
