/**
 * The page's own buttons (plain browser JavaScript, no framework): each posts to a `/__control`
 * lever and reloads on success; a refusal (a refund still processing, nothing to pay) shows the
 * emulator's message instead.
 */
export const PAGE_SCRIPT = `
const store = document.getElementById('store').dataset.store;
const message = document.getElementById('message');
async function act(path, body) {
  message.textContent = '';
  const res = await fetch('/__control' + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ store, ...body }),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) { message.textContent = json.error || ('HTTP ' + res.status); return; }
  location.reload();
}
const form = document.getElementById('checkout');
form.customer.addEventListener('change', () => {
  const o = form.customer.selectedOptions[0];
  if (!o || o.value === '0') return;
  form.first.value = o.dataset.first; form.last.value = o.dataset.last;
  form.company.value = o.dataset.company; form.country.value = o.dataset.country; form.city.value = o.dataset.city;
});
form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const lines = [0, 1, 2]
    .map((i) => ({ sku: form['sku' + i].value, quantity: Number(form['qty' + i].value) }))
    .filter((l) => l.sku !== '');
  const country = form.country.value;
  const address = {
    first_name: form.first.value, last_name: form.last.value, company: form.company.value,
    street_1: form.street.value, city: form.city.value, zip: form.zip.value,
    country: form.country.selectedOptions[0].textContent, country_iso2: country,
  };
  const shipping = form.shipping.selectedOptions[0];
  const pay = form.payment.value;
  const body = {
    customer_id: Number(form.customer.value), billing_address: address, shipping_address: address, lines,
    shipping_method: shipping.value, shipping_cost_inc_tax: Number(shipping.dataset.cost),
  };
  if (form.coupon.value.trim()) body.coupon_code = form.coupon.value.trim();
  if (pay === 'card') body.payment = { gateway: 'stripe', method: 'credit_card' };
  if (pay === 'klarna') body.payment = { gateway: 'klarna', method: 'offsite' };
  if (pay === 'abandon') body.status_id = 0;
  act('/orders', body);
});
document.querySelectorAll('#orders tr[data-order]').forEach((row) => {
  const order_id = Number(row.dataset.order);
  row.querySelectorAll('button[data-act]').forEach((b) => b.addEventListener('click', () => {
    const a = b.dataset.act;
    if (a === 'status') act('/orders/status', { order_id, status_id: Number(row.querySelector('select[name=status]').value) });
    if (a === 'pay') act('/orders/pay', { order_id });
    if (a === 'ship') act('/orders/ship', { order_id });
    if (a === 'cancel') act('/orders/cancel', { order_id });
    if (a === 'refund') act('/orders/refund', { order_id, lines: [{
      order_product_id: Number(row.querySelector('select[name=line]').value),
      quantity: Number(row.querySelector('input[name=qty]').value),
    }] });
  }));
});
`;
