import { expect } from 'chai';
import type { FortnoxEmulatorOptions } from '../../../emulators/fortnox/index.ts';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('Fortnox emulator: customer invoice e-mail', () => {
  let t: TestEmulator;
  const start = async (opts: FortnoxEmulatorOptions = {}): Promise<void> => {
    t = await startTestEmulator({ rateLimit: { enabled: false }, ...opts });
    await t.api('POST', '/3/customers', { Customer: { Name: 'Kontor AB', Email: 'info@kontor.example' } });
    await t.api('POST', '/3/customers', {
      Customer: { Name: 'Faktura AB', Email: 'info@faktura.example', EmailInvoice: 'Ekonomi@Faktura.example' },
    });
  };
  afterEach(async () => {
    await t.close();
  });
  const names = async (query: string): Promise<unknown[]> =>
    (at((await t.api('GET', `/3/customers?${query}`)).json, 'Customers') as Array<{ Name: string }>).map((c) => c.Name);

  it('keeps EmailInvoice and sends invoices there', async () => {
    await start();
    expect(at((await t.api('GET', '/3/customers/2')).json, 'Customer', 'EmailInvoice')).to.equal(
      'Ekonomi@Faktura.example',
    );
    const inv = await t.api('POST', '/3/invoices', { Invoice: { CustomerNumber: '2' } });
    expect(at(inv.json, 'Invoice', 'EmailInformation', 'EmailAddressTo')).to.equal('Ekonomi@Faktura.example');
    const bad = await t.api('PUT', '/3/customers/2', { Customer: { EmailInvoice: 'not an address' } });
    expect(bad.status).to.equal(400);
  });

  it('searches `email` as a case-insensitive substring of Email only, unless the quirk says otherwise', async () => {
    await start();
    expect(await names('email=INFO@KONTOR.example')).to.deep.equal(['Kontor AB']);
    expect(await names('email=example')).to.deep.equal(['Kontor AB', 'Faktura AB']);
    expect(await names('email=ekonomi@faktura.example')).to.deep.equal([]);
    await t.close();
    await start({ quirks: { emailSearchIncludesInvoiceEmail: true } });
    expect(await names('email=ekonomi@faktura.example')).to.deep.equal(['Faktura AB']);
  });
});
