import { expect } from 'chai';
import { round } from '../../../emulators/fortnox/values.ts';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

/** Webshop invoices carry prices incl. VAT; finance must be able to book them like any other. */
describe('Fortnox emulator: booking an invoice with VAT-included prices', () => {
  let t: TestEmulator;
  before(async () => {
    t = await startTestEmulator();
  });
  after(async () => t?.close());

  it('rounds float residues to 0 instead of NaN', () => {
    expect(round(178 - 158.93 - 19.07)).to.equal(0);
    expect(round(2.8421709430404007e-14)).to.equal(0);
    expect(round(1.005)).to.equal(1.01);
  });

  it('books a VATIncluded invoice at 12 % and 25 %', async () => {
    const customer = await t.api('POST', '/3/customers', { Customer: { Name: 'Eva Berg', CountryCode: 'SE' } });
    const invoice = await t.api('POST', '/3/invoices', {
      Invoice: {
        CustomerNumber: at(customer.json, 'Customer', 'CustomerNumber'),
        VATIncluded: true,
        InvoiceRows: [
          { Description: 'Kaffe', DeliveredQuantity: 2, Price: 89, VAT: 12 },
          { Description: 'Frakt', DeliveredQuantity: 1, Price: 49, VAT: 25 },
        ],
      },
    });
    const number = String(at(invoice.json, 'Invoice', 'DocumentNumber'));
    const booked = await t.api('PUT', `/3/invoices/${number}/bookkeep`);
    expect(booked.status).to.equal(200);
    expect(at(booked.json, 'Invoice', 'Booked')).to.equal(true);
  });
});
