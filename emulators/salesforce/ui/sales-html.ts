// The sales page: the kit's page shell around forms and tables for Accounts, Opportunities,
// Products and Orders; the script
// (sales-script.ts) polls /__ui/state every 2 s so Fortnox fields written back over the API
// show up without a reload.
import { renderPage } from '../../kit/page.ts';
import { OPPORTUNITY_STAGES } from '../schema/standard-objects.ts';
import { SALES_SCRIPT } from './sales-script.ts';

const stageOptions = OPPORTUNITY_STAGES.map((s) => `<option>${s.name}</option>`).join('');

const STYLE = `<style>
.grid{display:grid;grid-template-columns:1fr 1.6fr;gap:20px}
form.edit{display:grid;grid-template-columns:1fr 1fr;gap:4px 8px;margin-bottom:10px}
form.edit label{display:flex;flex-direction:column;font-size:12px;color:#555}form.edit button{grid-column:span 2}
.won{background:#2e844a;color:#fff;border:0;border-radius:4px;padding:3px 9px}
.line{display:flex;gap:4px;align-items:center;margin:3px 0}.line input{width:64px}
dl.fortnox{display:grid;grid-template-columns:auto 1fr;gap:1px 8px;margin:0}dl.fortnox dt{color:#777}dl.fortnox dd{margin:0}
.err{color:#b00020;white-space:pre-wrap}#message.info{color:#1b5e20}
</style>`;

const ACCOUNT_FORM = `<form id="account-form" class="edit"><input type="hidden" name="Id">
<label>Account name<input name="Name" required></label>
<label>Organisation number<input name="Organisation_Number__c"></label>
<label>VAT number<input name="VAT_Number__c"></label>
<label title="Where Fortnox sends this customer's invoices">Invoice e-mail<input name="Invoice_Email__c" type="email"></label>
<label>Billing street<input name="BillingStreet"></label>
<label>Postal code<input name="BillingPostalCode"></label>
<label>City<input name="BillingCity"></label>
<label>Country<input name="BillingCountry"></label>
<button>Save account</button></form>`;

const OPPORTUNITY_FORM = `<form id="opp-form" class="edit"><input type="hidden" name="Id">
<label>Opportunity name<input name="Name" required></label>
<label>Account<select name="AccountId" id="account-select"></select></label>
<label>Stage<select name="StageName">${stageOptions}</select></label>
<label>Close date<input name="CloseDate" type="date" required></label>
<label>Amount (without products)<input name="Amount" type="number" step="0.01"></label><span></span>
<button>Save opportunity</button></form>`;

const ORDER_FORM = `<form id="order-form" class="edit">
<label>Order name<input name="Name"></label>
<label>Account<select name="AccountId" id="order-account-select" required></select></label>
<label>Start date<input name="EffectiveDate" type="date" required></label>
<label>PO number<input name="PoNumber"></label>
<button>Create order (draft)</button></form>`;

const PRODUCT_FORM = `<form id="product-form" class="edit"><input type="hidden" name="Id">
<label>Product name<input name="Name" required></label>
<label>Product code<input name="ProductCode"></label>
<label>Standard price<input name="StandardPrice" type="number" step="0.01"></label>
<label>Unit<select name="QuantityUnitOfMeasure"><option value="">—</option><option>Each</option><option>Hour</option><option>Month</option></select></label>
<label>Fortnox VAT rate<select name="Fortnox_VAT_Rate__c"><option value="">default</option><option>25</option><option>12</option><option>6</option><option>0</option></select></label>
<label>Active<select name="IsActive"><option value="true">yes</option><option value="false">no</option></select></label>
<button>Save product</button></form>`;

export const SALES_HTML = renderPage({
  title: 'Salesforce emulator — sales',
  subtitle:
    'Play the sales rep (signed in as the sales user): every change here raises Change Data Capture events like Lightning does.',
  body: `${STYLE}<div class="grid">
<section><h2>Accounts</h2>${ACCOUNT_FORM}
<table><thead><tr><th>Name</th><th>Org no / VAT / invoice e-mail</th><th>Fortnox</th><th></th></tr></thead><tbody id="accounts"></tbody></table>
</section>
<section><h2>Opportunities</h2>${OPPORTUNITY_FORM}
<table><thead><tr><th>Opportunity and products</th><th>Stage</th><th class="num">Amount</th><th>Fortnox</th><th></th></tr></thead><tbody id="opps"></tbody></table>
</section>
<section><h2>Products</h2>${PRODUCT_FORM}
<table><thead><tr><th>Product</th><th class="num">Standard price</th><th>Unit / VAT</th><th></th></tr></thead><tbody id="products"></tbody></table>
</section>
<section><h2>Orders</h2>${ORDER_FORM}
<table><thead><tr><th>Order and products</th><th>Status</th><th class="num">Amount</th><th>Fortnox</th><th></th></tr></thead><tbody id="orders"></tbody></table>
</section></div>`,
  script: SALES_SCRIPT,
});
