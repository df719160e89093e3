// The sales page: server-sent HTML and a small script that polls /__ui/state every 2 s so
// Fortnox fields written back over the API show up without a reload.
import { OPPORTUNITY_STAGES } from '../schema/standard-objects.ts';

const stageOptions = OPPORTUNITY_STAGES.map((s) => `<option>${s.name}</option>`).join('');

export const SALES_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Salesforce emulator — sales</title>
<style>
body{font:14px system-ui,sans-serif;margin:0;background:#f3f3f3;color:#181818}
header{background:#0176d3;color:#fff;padding:10px 20px;font-weight:600}
main{display:grid;grid-template-columns:1fr 2fr;gap:16px;padding:16px}
section{background:#fff;border-radius:6px;padding:12px;box-shadow:0 1px 2px #0002}
table{width:100%;border-collapse:collapse}td,th{padding:4px 6px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
input,select{font:inherit;margin:2px 0;padding:3px;width:100%;box-sizing:border-box}
button{font:inherit;background:#0176d3;color:#fff;border:0;border-radius:4px;padding:4px 10px;cursor:pointer}
button.won{background:#2e844a}.err{color:#c23934;white-space:pre-wrap}.muted{color:#706e6b}
form{display:grid;grid-template-columns:1fr 1fr;gap:4px 8px;margin-bottom:10px}form button{grid-column:span 2}
</style></head><body>
<header>Salesforce emulator · Sales (signed in as the sales user)</header>
<p id="msg" class="err" style="padding:0 20px"></p>
<main>
<section><h3>Accounts</h3>
<form id="account-form"><input type="hidden" name="Id">
<input name="Name" placeholder="Account name" required><input name="Organisation_Number__c" placeholder="Org number">
<input name="VAT_Number__c" placeholder="VAT number"><input name="BillingStreet" placeholder="Billing street">
<input name="BillingPostalCode" placeholder="Postal code"><input name="BillingCity" placeholder="City">
<input name="BillingCountry" placeholder="Country"><span></span><button>Save account</button></form>
<table><thead><tr><th>Name</th><th>Org no / VAT</th><th>Fortnox</th><th></th></tr></thead><tbody id="accounts"></tbody></table>
</section>
<section><h3>Opportunities</h3>
<form id="opp-form"><input type="hidden" name="Id">
<input name="Name" placeholder="Opportunity name" required><select name="AccountId" id="account-select"></select>
<select name="StageName">${stageOptions}</select><input name="CloseDate" type="date" required>
<input name="Amount" type="number" step="0.01" placeholder="Amount (without products)"><span></span>
<button>Save opportunity</button></form>
<table><thead><tr><th>Opportunity</th><th>Stage</th><th>Amount</th><th>Fortnox</th><th></th></tr></thead><tbody id="opps"></tbody></table>
</section></main>
<script>
const $ = (s) => document.querySelector(s);
const esc = (v) => String(v ?? '').replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
let state = { accounts: [], opportunities: [], entries: [] };
async function call(method, url, body) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const out = await res.json();
  $('#msg').textContent = out.ok ? '' : out.message;
  await refresh();
  return out;
}
function formData(form) {
  const data = {};
  for (const [k, v] of new FormData(form)) if (k !== 'Id') data[k] = v === '' ? null : (form.elements[k].type === 'number' ? Number(v) : v);
  return data;
}
function fortnox(r) {
  const link = r.Fortnox_Invoice_Link__c ? ' <a href="' + esc(r.Fortnox_Invoice_Link__c) + '">PDF</a>' : '';
  return '<span data-field="status">' + esc(r.Fortnox_Status__c) + '</span> ' + esc(r.Fortnox_Invoice_Number__c) + link +
    (r.Fortnox_Balance__c != null ? '<br><span class="muted">balance ' + esc(r.Fortnox_Balance__c) + ' · due ' + esc(r.Fortnox_Due_Date__c) + '</span>' : '') +
    (r.Fortnox_Sync_Error__c ? '<div class="err">' + esc(r.Fortnox_Sync_Error__c) + '</div>' : '');
}
function render() {
  $('#accounts').innerHTML = state.accounts.map((a) => '<tr><td>' + esc(a.Name) + '<br><span class="muted">' + esc([a.BillingCity, a.BillingCountry].filter(Boolean).join(', ')) + '</span></td><td>' + esc(a.Organisation_Number__c) + '<br>' + esc(a.VAT_Number__c) + '</td><td>' + esc(a.Fortnox_Customer_Number__c) + (a.Fortnox_Sync_Error__c ? '<div class="err">' + esc(a.Fortnox_Sync_Error__c) + '</div>' : '') + '</td><td><button data-edit-account="' + a.Id + '">Edit</button></td></tr>').join('');
  $('#account-select').innerHTML = state.accounts.map((a) => '<option value="' + a.Id + '">' + esc(a.Name) + '</option>').join('');
  const entryOptions = state.entries.map((e) => '<option value="' + e.Id + '">' + esc(e.Name) + ' (' + esc(e.UnitPrice) + ')</option>').join('');
  $('#opps').innerHTML = state.opportunities.map((o) => {
    const lines = (o.OpportunityLineItems?.records ?? []).map((l) => esc(l.Quantity) + ' × ' + esc(l.ProductCode) + ' = ' + esc(l.TotalPrice)).join('<br>');
    return '<tr data-opp="' + o.Id + '"><td><b>' + esc(o.Name) + '</b><br><span class="muted">' + esc(o.Account?.Name) + ' · ' + esc(o.Owner?.Name) + '</span><br>' + lines +
      '<br><select data-entry>' + entryOptions + '</select><input data-qty type="number" value="1" min="1" style="width:60px"><button data-add-line="' + o.Id + '">Add product</button></td>' +
      '<td data-field="stage">' + esc(o.StageName) + '</td><td>' + esc(o.Amount) + '</td><td>' + fortnox(o) + '</td><td>' +
      (o.IsWon ? '' : '<button class="won" data-won="' + o.Id + '">Closed Won</button> ') + '<button data-edit-opp="' + o.Id + '">Edit</button></td></tr>';
  }).join('');
}
function fill(form, rec) { for (const el of form.elements) if (el.name) el.value = rec[el.name] ?? ''; }
async function refresh() { state = await (await fetch('/__ui/state')).json(); render(); }
$('#account-form').onsubmit = async (e) => { e.preventDefault(); const f = e.target; const id = f.Id.value;
  const out = await call(id ? 'PATCH' : 'POST', '/__ui/accounts' + (id ? '/' + id : ''), formData(f)); if (out.ok) f.reset(); };
$('#opp-form').onsubmit = async (e) => { e.preventDefault(); const f = e.target; const id = f.Id.value;
  const out = await call(id ? 'PATCH' : 'POST', '/__ui/opportunities' + (id ? '/' + id : ''), formData(f)); if (out.ok) f.reset(); };
document.body.onclick = async (e) => {
  const t = e.target.dataset || {};
  if (t.won) await call('POST', '/__ui/opportunities/' + t.won + '/won');
  if (t.editAccount) fill($('#account-form'), state.accounts.find((a) => a.Id === t.editAccount));
  if (t.editOpp) fill($('#opp-form'), state.opportunities.find((o) => o.Id === t.editOpp));
  if (t.addLine) { const row = e.target.closest('tr');
    await call('POST', '/__ui/opportunities/' + t.addLine + '/lines', { PricebookEntryId: row.querySelector('[data-entry]').value, Quantity: Number(row.querySelector('[data-qty]').value), UnitPrice: state.entries.find((x) => x.Id === row.querySelector('[data-entry]').value)?.UnitPrice }); }
};
refresh(); setInterval(refresh, 2000);
</script></body></html>`;
