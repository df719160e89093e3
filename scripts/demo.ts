import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_STORE, DEMO_TOKEN, startBigCommerceEmulator } from '../emulators/bigcommerce/index.ts';
import { DEMO_CLIENT, startCommercetoolsEmulator } from '../emulators/commercetools/index.ts';
import { startLightspeedEmulator } from '../emulators/lightspeed-k/index.ts';
import { startStripeEmulator } from '../emulators/stripe/index.ts';
import { startWooCommerceEmulator } from '../emulators/woocommerce/index.ts';
import { freePort } from './free-port.ts';
import { startStack } from './stack.ts';

/**
 * `npm run demo`: everything on one machine, nothing to configure. Embedded Postgres (a fresh one
 * each run, because the emulators keep their data in memory), both emulators on their usual ports,
 * and the app, with Salesforce demo data seeded: open the sales page, move an Opportunity to
 * Closed Won, and watch the draft appear on the Fortnox finance page.
 */

const dir = await mkdtemp(path.join(tmpdir(), 'fortnox-sync-demo-'));
await chmod(dir, 0o755); // as root, Postgres runs as `postgres` and must be able to enter it
// commercetools: the emulator's demo project, connected from the environment (connection `demo-project`).
const commercetools = await startCommercetoolsEmulator({
  port: Number(process.env.COMMERCETOOLS_EMULATOR_PORT ?? 8094),
});
// The BigCommerce demo store (hash `demo`): place an order on its page and the invoice appears in Fortnox.
const bigcommerce = await startBigCommerceEmulator({ port: Number(process.env.BIGCOMMERCE_EMULATOR_PORT ?? 8093) });
// The shops run beside the stack: the app connects to them through its environment, like a real shop.
const woo = await startWooCommerceEmulator({ port: Number(process.env.WOOCOMMERCE_EMULATOR_PORT ?? 8095) });
const stripe = await startStripeEmulator({ port: Number(process.env.STRIPE_EMULATOR_PORT ?? 8096) });
// The café till: connected through our OAuth connect page (consent approved by itself); a day closed
// on its page is complete a minute later and posted as one voucher on the next poll.
const lightspeed = await startLightspeedEmulator({
  port: Number(process.env.LIGHTSPEED_EMULATOR_PORT ?? 8097),
  autoApprove: true,
  processingDelayMinutes: 1,
});
const stack = await startStack({
  ...(process.env.DATABASE_URL === undefined ? {} : { databaseUrl: process.env.DATABASE_URL }),
  appPort: Number(process.env.PORT ?? 3000),
  fortnoxPort: Number(process.env.FORTNOX_EMULATOR_PORT ?? 8091),
  salesforcePort: Number(process.env.SALESFORCE_EMULATOR_PORT ?? 8092),
  env: {
    EMBEDDED_PG_DIR: path.join(dir, 'pg'),
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    COMMERCETOOLS_PROJECT_KEY: commercetools.projectKey,
    COMMERCETOOLS_CLIENT_ID: DEMO_CLIENT.id,
    COMMERCETOOLS_CLIENT_SECRET: DEMO_CLIENT.secret,
    COMMERCETOOLS_API_URL: commercetools.url,
    COMMERCETOOLS_AUTH_URL: commercetools.url,
    BIGCOMMERCE_API_URL: bigcommerce.url,
    BIGCOMMERCE_POLL_SECONDS: '10',
    WOOCOMMERCE_URL: woo.url,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_URL: stripe.url,
    // The demo shop's webhooks are registered on the poller's second round; short rounds keep it lively.
    WOOCOMMERCE_POLL_SECONDS: '10',
    STRIPE_POLL_SECONDS: '10',
    LIGHTSPEED_API_URL: lightspeed.url,
    LIGHTSPEED_POLL_SECONDS: '10',
  },
  salesforceOptions: { demoData: true },
});
seedMoreDemoData();
await connectDemoStore();
await connectDemoTill();
stripe.endpoint({ url: `${stack.appUrl}/sources/stripe/webhook/default`, secret: 'whsec_demo' });

const line = '─'.repeat(72);
process.stdout.write(`
${line}
 fortnox-sync demo is running
   Salesforce (play the sales rep):   ${stack.salesforce.url}/
   Fortnox   (play the finance team): ${stack.fortnox.url}/
   fortnox-sync (health, dashboard):  ${stack.appUrl}/
   commercetools (play the shop):     ${commercetools.url}/
   BigCommerce (play the shopper):    ${bigcommerce.url}/
   WooCommerce shop (place an order): ${woo.url}/
   Stripe Billing (pay an invoice):   ${stripe.url}/
   Lightspeed till (close the day):   ${lightspeed.url}/
 Move an Opportunity to Closed Won on the Salesforce page, or place an order on
 a shop page (a paid BigCommerce or WooCommerce order, a captured commercetools
 order, a paid Stripe invoice); its invoice draft appears on the Fortnox page
 within seconds. Ring up sales on the till and close the day: a minute later
 the day's voucher (and an invoice per sale on account) is on the Fortnox page.
 Ctrl-C stops everything.
${line}
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stack
      .stop()
      .finally(() => commercetools.close())
      .finally(() => bigcommerce.close())
      .finally(() => Promise.all([woo.close(), stripe.close(), lightspeed.close()]))
      .finally(() => rm(dir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  });
}

/** Two foreign customers beside the emulator's Swedish one, to show reverse charge and export. */
function seedMoreDemoData(): void {
  const h = stack.salesforce.handle;
  const [entry] = h.query(`SELECT Id, UnitPrice FROM PricebookEntry WHERE Product2.ProductCode = 'KONS-H'`) as {
    Id: string;
    UnitPrice: number;
  }[];
  const customers = [
    {
      Name: 'Müller Maschinenbau GmbH',
      BillingStreet: 'Hauptstraße 5',
      BillingCity: 'München',
      BillingPostalCode: '80331',
      BillingCountry: 'Germany',
      VAT_Number__c: 'DE129273398',
    },
    {
      Name: 'Nordlys Rørlegger AS',
      BillingStreet: 'Storgata 10',
      BillingCity: 'Oslo',
      BillingPostalCode: '0155',
      BillingCountry: 'Norway',
    },
  ];
  for (const account of customers) {
    const accountId = h.insert('Account', account);
    const opportunityId = h.insert('Opportunity', {
      Name: `${account.Name} – konsulting`,
      AccountId: accountId,
      StageName: 'Negotiation/Review',
      CloseDate: new Date().toISOString().slice(0, 10),
    });
    if (entry)
      h.insert('OpportunityLineItem', {
        OpportunityId: opportunityId,
        PricebookEntryId: entry.Id,
        Quantity: 8,
        UnitPrice: entry.UnitPrice,
      });
  }
}

/** Connects the emulator's demo store the way an admin does (its webhooks point back at the app). */
/** The till's location, connected as `gotgatan` through GET /sources/lightspeed/connect (no password in the demo). */
async function connectDemoTill(): Promise<void> {
  const res = await fetch(`${stack.appUrl}/sources/lightspeed/connect?key=gotgatan`);
  const page = await res.text();
  if (res.status !== 200 || !page.includes('Lightspeed connected'))
    process.stderr.write(`connecting the Lightspeed demo till failed (${res.status})\n`);
}

async function connectDemoStore(): Promise<void> {
  const res = await fetch(`${stack.appUrl}/sources/bigcommerce/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      key: DEMO_STORE,
      storeHash: DEMO_STORE,
      accessToken: DEMO_TOKEN,
      label: 'Demo Kafferosteri',
    }),
  });
  if (res.status !== 200) process.stderr.write(`connecting the BigCommerce demo store failed: ${await res.text()}\n`);
}
