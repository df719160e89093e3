import { expect } from 'chai';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { login, startEmulator } from './helpers.ts';

/** Account.Invoice_Email__c comes from salesforce/force-app (the metadata an admin deploys). */
describe('Salesforce emulator: Account.Invoice_Email__c from the SFDX metadata', () => {
  let sf: SalesforceEmulator;
  beforeEach(async () => {
    sf = await startEmulator();
  });
  afterEach(async () => {
    await sf.close();
  });

  it('describes it as an Email field labelled "Invoice e-mail" with its help text', async () => {
    const conn = await login(sf);
    const field = (await conn.sobject('Account').describe()).fields.find((f) => f.name === 'Invoice_Email__c');
    expect(field).to.include({
      label: 'Invoice e-mail',
      type: 'email',
      length: 80,
      custom: true,
      updateable: true,
      inlineHelpText: "Where Fortnox sends this customer's invoices",
    });
  });

  it('stores a valid address, reads it back with SOQL and refuses a malformed one', async () => {
    const conn = await login(sf);
    const made = await conn.sobject('Account').create({ Name: 'Kund AB', Invoice_Email__c: 'faktura@kund.example' });
    const id = 'id' in made ? String(made.id) : '';
    const rows = await conn.query<{ Invoice_Email__c: string }>(
      `SELECT Invoice_Email__c FROM Account WHERE Invoice_Email__c = 'FAKTURA@kund.example'`,
    );
    expect(rows.records.map((r) => r.Invoice_Email__c)).to.deep.equal(['faktura@kund.example']);
    const bad = await conn
      .sobject('Account')
      .update({ Id: id, Invoice_Email__c: 'not-an-address' })
      .catch((e: unknown) => e);
    expect(bad).to.include({ errorCode: 'INVALID_EMAIL_ADDRESS' });
    expect(sf.handle.get(id)?.Invoice_Email__c).to.equal('faktura@kund.example');
  });
});
