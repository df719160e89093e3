// What a fresh org has: the standard price book and users; optionally demo products and a
// customer so the sales page is usable straight away. Seeding runs before CDC is attached,
// like data that existed before anyone subscribed.
import type { Database } from './database.ts';

export type SeedUser = { username: string; firstName: string; lastName: string; email: string };
export type Seeded = { orgId: string; integrationUserId: string; salesUserId: string; standardPricebookId: string };

export const INTEGRATION_USER: SeedUser = {
  username: 'integration@demo.example',
  firstName: 'Integration',
  lastName: 'User',
  email: 'integration@demo.example',
};
export const SALES_USER: SeedUser = {
  username: 'sara.saljare@demo.example',
  firstName: 'Sara',
  lastName: 'Säljare',
  email: 'sara.saljare@demo.example',
};

function user(db: Database, u: SeedUser, ctxUser: string): string {
  return db.transaction({ userId: ctxUser, origin: '' }, (tx) =>
    db.insert(
      tx,
      'User',
      {
        Username: u.username,
        FirstName: u.firstName,
        LastName: u.lastName,
        Email: u.email,
        Alias: (u.firstName.slice(0, 1) + u.lastName.slice(0, 4)).toLowerCase(),
        IsActive: true,
        CompanyName: 'Demo AB',
        DefaultCurrencyIsoCode: db.orgCurrency,
      },
      { system: true },
    ),
  );
}

export function seedOrg(db: Database): Seeded {
  const orgId = db.ids.next('00D');
  // The first user creates itself; CreatedById is patched once its id exists.
  const integrationUserId = user(db, INTEGRATION_USER, '005000000000000AAA');
  const self = db.store.get(integrationUserId);
  if (self) self.rec = { ...self.rec, CreatedById: integrationUserId, LastModifiedById: integrationUserId };
  const salesUserId = user(db, SALES_USER, integrationUserId);
  const standardPricebookId = db.transaction({ userId: integrationUserId, origin: '' }, (tx) =>
    db.insert(tx, 'Pricebook2', { Name: 'Standard Price Book', IsActive: true, IsStandard: true }, { system: true }),
  );
  return { orgId, integrationUserId, salesUserId, standardPricebookId };
}

const PRODUCTS = [
  { Name: 'Konsulttimme', ProductCode: 'KONS-H', Family: 'Services', price: 1200 },
  { Name: 'Licens Pro (månad)', ProductCode: 'LIC-PRO', Family: 'Software', price: 4900 },
  { Name: 'Onboarding', ProductCode: 'ONB-1', Family: 'Services', price: 15000 },
];

/** Products, a customer with Swedish billing data and an open Opportunity with two lines. */
export function seedDemoData(db: Database, seeded: Seeded): void {
  db.transaction({ userId: seeded.salesUserId, origin: '' }, (tx) => {
    const entries = PRODUCTS.map(({ price, ...product }) => {
      const productId = db.insert(tx, 'Product2', { ...product, IsActive: true });
      return db.insert(tx, 'PricebookEntry', {
        Pricebook2Id: seeded.standardPricebookId,
        Product2Id: productId,
        UnitPrice: price,
        IsActive: true,
      });
    });
    const accountId = db.insert(tx, 'Account', {
      Name: 'Exempel AB',
      BillingStreet: 'Sveavägen 1',
      BillingCity: 'Stockholm',
      BillingPostalCode: '111 57',
      BillingCountry: 'Sweden',
      Organisation_Number__c: '556677-8899',
      VAT_Number__c: 'SE556677889901',
    });
    const opportunityId = db.insert(tx, 'Opportunity', {
      Name: 'Exempel AB – Pro-licenser',
      AccountId: accountId,
      StageName: 'Proposal/Price Quote',
      CloseDate: new Date(db.clock.now()).toISOString().slice(0, 10),
    });
    db.insert(tx, 'OpportunityLineItem', {
      OpportunityId: opportunityId,
      PricebookEntryId: entries[1],
      Quantity: 12,
      UnitPrice: 4900,
    });
    db.insert(tx, 'OpportunityLineItem', {
      OpportunityId: opportunityId,
      PricebookEntryId: entries[2],
      Quantity: 1,
      UnitPrice: 15000,
      Discount: 10,
    });
  });
}
