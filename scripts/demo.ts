import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
const stack = await startStack({
  ...(process.env.DATABASE_URL === undefined ? {} : { databaseUrl: process.env.DATABASE_URL }),
  appPort: Number(process.env.PORT ?? 3000),
  fortnoxPort: Number(process.env.FORTNOX_EMULATOR_PORT ?? 8091),
  salesforcePort: Number(process.env.SALESFORCE_EMULATOR_PORT ?? 8092),
  env: {
    EMBEDDED_PG_DIR: path.join(dir, 'pg'),
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
  salesforceOptions: { demoData: true },
});
seedMoreDemoData();

const line = '─'.repeat(72);
process.stdout.write(`
${line}
 fortnox-sync demo is running
   Salesforce (play the sales rep):   ${stack.salesforce.url}/
   Fortnox   (play the finance team): ${stack.fortnox.url}/
   fortnox-sync (health, dashboard):  ${stack.appUrl}/
 Move an Opportunity to Closed Won on the Salesforce page; its invoice draft
 appears on the Fortnox page within seconds. Ctrl-C stops everything.
${line}
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stack
      .stop()
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
