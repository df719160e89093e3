import { expect } from 'chai';
import type { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { login, startEmulator } from './helpers.ts';

type Rec = Record<string, unknown>;

/** Orders as an org that invoices from them has them: Status → StatusCode, products → TotalAmount, CDC. */
describe('Salesforce emulator: Order and Order Product', function () {
  this.timeout(20_000);
  let sf: SalesforceEmulator;
  let conn: Connection;
  let entry: string;
  let account: string;

  before(async () => {
    sf = await startEmulator();
    conn = await login(sf);
    const product = sf.handle.insert('Product2', { Name: 'Konsulttimme', ProductCode: 'KONS-E', IsActive: true });
    entry = sf.handle.insert('PricebookEntry', {
      Pricebook2Id: sf.handle.standardPricebookId,
      Product2Id: product,
      UnitPrice: 1200,
      IsActive: true,
    });
    account = sf.handle.insert('Account', { Name: 'Order AB' });
  });
  after(async () => sf.close());

  it('activating sets StatusCode and ActivatedDate; products roll up into TotalAmount; SOQL reads them as a child list', async () => {
    const order = await conn
      .sobject('Order')
      .create({ AccountId: account, Status: 'Draft', EffectiveDate: '2026-11-25' });
    const id = (order as { id: string }).id;
    expect(id.startsWith('801')).to.equal(true);
    await conn.sobject('OrderItem').create({ OrderId: id, PricebookEntryId: entry, Quantity: 3, UnitPrice: 1000 });
    await conn.sobject('Order').update({ Id: id, Status: 'Activated' });
    const result = await conn.query<Rec>(
      `SELECT Id, OrderNumber, StatusCode, ActivatedDate, TotalAmount, Pricebook2Id,
        (SELECT Quantity, UnitPrice, ListPrice, TotalPrice, Product2.ProductCode FROM OrderItems) FROM Order WHERE Id = '${id}'`,
    );
    const row = result.records[0]!;
    expect(row).to.include({ StatusCode: 'Activated', TotalAmount: 3000, Pricebook2Id: sf.handle.standardPricebookId });
    expect(row.ActivatedDate).to.be.a('string');
    expect(row.OrderNumber).to.match(/^\d{8}$/);
    const items = (row.OrderItems as { records: Rec[] }).records;
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ Quantity: 3, UnitPrice: 1000, ListPrice: 1200, TotalPrice: 3000 });
    expect((items[0]!.Product2 as Rec).ProductCode).to.equal('KONS-E');
  });

  it('raises OrderChangeEvent for the activation and for the TotalAmount roll-up', async () => {
    const id = sf.handle.insert('Order', { AccountId: account, Status: 'Draft', EffectiveDate: '2026-11-25' });
    const activated = sf.handle.nextEvent('/data/OrderChangeEvent');
    sf.handle.update('Order', id, { Status: 'Activated' });
    const event = (await activated).payload as Rec & { ChangeEventHeader: { changedFields: string[] } };
    expect(event.ChangeEventHeader.changedFields).to.include.members(['Status', 'StatusCode']);
    expect(event.StatusCode).to.equal('Activated');

    const rolledUp = sf.handle.nextEvent('/data/OrderChangeEvent', (data) =>
      (
        (data.payload as { ChangeEventHeader: { changedFields: string[] } }).ChangeEventHeader.changedFields ?? []
      ).includes('TotalAmount'),
    );
    sf.handle.insert('OrderItem', { OrderId: id, PricebookEntryId: entry, Quantity: 1, UnitPrice: 1200 });
    const update = (await rolledUp).payload as Rec & { ChangeEventHeader: { changedFields: string[] } };
    expect(update.TotalAmount).to.equal(1200);
  });
});
