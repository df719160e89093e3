/**
 * The till page's own script: a cart, then one `/__control` call per button. Plain browser
 * JavaScript in a string (the kit's pages use no framework and no CDN). Amounts in the cart are
 * only a preview; the emulator computes the real ones (six-decimal lines, half-even payments).
 */
export const PAGE_SCRIPT = `
const till = document.getElementById('till');
const location_ = Number(till.dataset.location);
const cart = [];
const message = (text) => { document.getElementById('message').textContent = text; };

async function control(path, body) {
  const res = await fetch('/__control' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) { message(json.error || ('failed: ' + res.status)); return undefined; }
  return json;
}

function draw() {
  const body = document.getElementById('cart');
  body.innerHTML = '';
  let total = 0;
  cart.forEach((line, i) => {
    const amount = Math.round(line.price * line.quantity * 100) / 100;
    total += amount;
    const tr = document.createElement('tr');
    tr.innerHTML = '<td></td><td class="num"></td><td class="num"></td><td><button type="button">remove</button></td>';
    tr.children[0].textContent = line.name;
    tr.children[1].textContent = line.weighed ? line.quantity.toFixed(3) + ' kg' : String(line.quantity);
    tr.children[2].textContent = amount.toFixed(2);
    tr.querySelector('button').onclick = () => { cart.splice(i, 1); draw(); };
    body.appendChild(tr);
  });
  document.getElementById('total').textContent = total.toFixed(2);
}

for (const b of document.querySelectorAll('button.item')) {
  b.onclick = () => {
    const weighed = b.dataset.weighed === '1';
    let quantity = 1;
    if (weighed) {
      const kg = prompt('Weight in kg (e.g. 0.350)', '0.350');
      if (!kg) return;
      quantity = Number(kg.replace(',', '.'));
      if (!(quantity > 0)) return;
    }
    const same = cart.find((l) => l.sku === b.dataset.sku && !weighed);
    if (same) same.quantity += 1;
    else cart.push({ sku: b.dataset.sku, name: b.dataset.name, price: Number(b.dataset.price), quantity, weighed });
    draw();
  };
}

const method = document.getElementById('method');
method.onchange = () => { document.getElementById('customer').hidden = method.value !== 'INVOICE'; };

document.getElementById('ring-up').onclick = async () => {
  if (cart.length === 0) { message('The cart is empty.'); return; }
  const payment = { method: method.value };
  const tip = document.getElementById('tip').value.trim().replace(',', '.');
  if (tip) payment.tip = Number(tip).toFixed(2);
  if (method.value === 'INVOICE') {
    payment.customer = { companyName: document.getElementById('company').value.trim() };
    const orgno = document.getElementById('orgno').value.trim();
    if (orgno) payment.customer.taxIdentifier = orgno;
  }
  const lines = cart.map((l) => ({ sku: l.sku, quantity: l.weighed ? l.quantity.toFixed(3) : l.quantity }));
  const done = await control('/sales', {
    location: location_,
    register: Number(document.getElementById('register').value),
    staff: document.getElementById('staff').value || undefined,
    lines,
    payments: [payment],
  });
  if (done) location.reload();
};

document.getElementById('close-day').onclick = async () => {
  if (await control('/days/close', { location: location_ })) location.reload();
};

for (const b of document.querySelectorAll('[data-advance]')) {
  b.onclick = async () => { if (await control('/clock/advance', { seconds: Number(b.dataset.advance) })) location.reload(); };
}
for (const b of document.querySelectorAll('[data-return]')) {
  b.onclick = async () => { if (await control('/returns', { location: location_, sale: b.dataset.return })) location.reload(); };
}
for (const b of document.querySelectorAll('[data-cash]')) {
  b.onclick = async () => {
    const body = { kind: 'change-payment', location: location_, sale: b.dataset.cash, from: b.dataset.from, to: 'CASH' };
    if (await control('/corrections', body)) location.reload();
  };
}
`;
