import { expect } from 'chai';
import type { FortnoxEvent } from '../../../emulators/fortnox/index.ts';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('Fortnox emulator: invoice rules', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ rateLimit: { enabled: false } });
    await t.api('POST', '/3/customers', { Customer: { Name: 'Acme AB', CountryCode: 'SE' } });
    await t.api('POST', '/3/articles', { Article: { ArticleNumber: 'CONS', Description: 'Konsult', SalesPrice: 159 } });
  });
  afterEach(async () => {
    await t.close();
  });

  const draft = async (extra: Record<string, unknown> = {}): Promise<string> => {
    const a = await t.api('POST', '/3/invoices', {
      Invoice: {
        CustomerNumber: '1',
        Freight: 95,
        InvoiceRows: [{ ArticleNumber: 'CONS', DeliveredQuantity: 10 }],
        ...extra,
      },
    });
    expect(a.status, a.text).to.equal(201);
    return String(at(a.json, 'Invoice', 'DocumentNumber'));
  };

  it('computes totals as Fortnox: VAT per row, freight VAT, round-off to whole kronor, Luhn OCR', async () => {
    const n = await draft();
    const inv = at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice');
    expect(inv).to.include({
      Net: 1590,
      TotalVAT: 421.25,
      RoundOff: -0.25,
      Total: 2106,
      Balance: 2106,
      Country: 'Sverige',
      OCR: '133',
    });
    expect(at(inv, 'InvoiceRows', 0)).to.include({ Total: 1590, VAT: 25, DeliveredQuantity: '10', Price: 159 });
  });

  it('applies a percent discount to the row total', async () => {
    const a = await t.api('POST', '/3/invoices', {
      Invoice: {
        CustomerNumber: '1',
        InvoiceRows: [{ ArticleNumber: 'CONS', DeliveredQuantity: 2, Price: 100, Discount: 10 }],
      },
    });
    expect(at(a.json, 'Invoice', 'InvoiceRows', 0, 'Total')).to.equal(180);
  });

  it('refuses a missing customer, article or account with the documented codes', async () => {
    const noCustomer = await t.api('POST', '/3/invoices', { Invoice: { CustomerNumber: '999' } });
    expect(at(noCustomer.json, 'ErrorInformation', 'code')).to.equal(2000204);
    const noArticle = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', InvoiceRows: [{ ArticleNumber: 'NOPE' }] },
    });
    expect(at(noArticle.json, 'ErrorInformation', 'code')).to.equal(2001302);
    const noAccount = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', InvoiceRows: [{ AccountNumber: 9999, Description: 'x' }] },
    });
    expect(at(noAccount.json, 'ErrorInformation', 'code')).to.equal(2001304);
  });

  it('enforces field lengths: ExternalInvoiceReference1 max 80', async () => {
    const a = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', ExternalInvoiceReference1: 'x'.repeat(81) },
    });
    expect(a.status).to.equal(400);
  });

  it('ignores "" on PUT and clears with API_BLANK', async () => {
    const n = await draft({ Comments: 'keep me' });
    expect(
      at((await t.api('PUT', `/3/invoices/${n}`, { Invoice: { Comments: '' } })).json, 'Invoice', 'Comments'),
    ).to.equal('keep me');
    expect(
      at((await t.api('PUT', `/3/invoices/${n}`, { Invoice: { Comments: 'API_BLANK' } })).json, 'Invoice', 'Comments'),
    ).to.equal('');
  });

  it('a booked invoice cannot be changed or cancelled, only credited — once', async () => {
    const n = await draft();
    expect((await t.api('PUT', `/3/invoices/${n}/bookkeep`)).status).to.equal(200);
    expect((await t.api('PUT', `/3/invoices/${n}`, { Invoice: { Comments: 'late' } })).status).to.equal(400);
    expect((await t.api('PUT', `/3/invoices/${n}/cancel`)).status).to.equal(400);
    const credited = await t.api('PUT', `/3/invoices/${n}/credit`);
    expect(credited.status).to.equal(200);
    const creditNo = String(at(credited.json, 'Invoice', 'CreditInvoiceReference'));
    expect(creditNo).to.not.equal('0');
    const credit = at((await t.api('GET', `/3/invoices/${creditNo}`)).json, 'Invoice');
    expect(credit).to.include({ Credit: 'true', InvoiceReference: n, Total: -2106, Booked: false });
    expect((await t.api('PUT', `/3/invoices/${n}/credit`)).status).to.equal(400);
  });

  it('an unbooked invoice can be cancelled, and then not booked', async () => {
    const n = await draft();
    expect(at((await t.api('PUT', `/3/invoices/${n}/cancel`)).json, 'Invoice', 'Cancelled')).to.equal(true);
    expect((await t.api('PUT', `/3/invoices/${n}/bookkeep`)).status).to.equal(400);
  });

  it('payments move Balance and set FinalPayDate when fully paid', async () => {
    const n = await draft();
    await t.api('PUT', `/3/invoices/${n}/bookkeep`);
    const p1 = await t.api('POST', '/3/invoicepayments', {
      InvoicePayment: { InvoiceNumber: Number(n), Amount: 1000, PaymentDate: '2025-01-10' },
    });
    expect(p1.status, p1.text).to.equal(201);
    let inv = at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice');
    expect(inv).to.include({ Balance: 1106, FinalPayDate: null });
    expect((await t.api('GET', '/3/invoices?filter=unpaid')).text).to.contain(`"DocumentNumber":"${n}"`);
    await t.api('POST', '/3/invoicepayments', {
      InvoicePayment: { InvoiceNumber: Number(n), Amount: 1106, PaymentDate: '2025-01-20' },
    });
    inv = at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice');
    expect(inv).to.include({ Balance: 0, FinalPayDate: '2025-01-20' });
    expect(
      at((await t.api('GET', '/3/invoices?filter=fullypaid')).json, 'MetaInformation', '@TotalResources'),
    ).to.equal(1);
    const booked = await t.api('PUT', `/3/invoicepayments/${String(at(p1.json, 'InvoicePayment', 'Number'))}/bookkeep`);
    expect(at(booked.json, 'InvoicePayment', 'Booked')).to.equal(true);
  });

  it('emits events on invoice and payment changes', async () => {
    const seen: FortnoxEvent[] = [];
    t.emu.events.on('event', (e: FortnoxEvent) => seen.push(e));
    const n = await draft();
    await t.api('PUT', `/3/invoices/${n}/bookkeep`);
    const p = await t.api('POST', '/3/invoicepayments', { InvoicePayment: { InvoiceNumber: Number(n), Amount: 2106 } });
    await t.api('PUT', `/3/invoicepayments/${String(at(p.json, 'InvoicePayment', 'Number'))}/bookkeep`);
    expect(seen.map((e) => e.type)).to.include.members([
      'invoice-created-v1',
      'invoice-bookkeep-v1',
      'invoice-updated-v1',
      'invoicepayment-bookkeep-v1',
    ]);
    expect(seen[0]).to.include({ tenantId: 1001, entityId: n, topic: 'invoices' });
  });

  it('previews a PDF naming the invoice without marking it sent', async () => {
    const n = await draft();
    const res = await fetch(`${t.emu.url}/3/invoices/${n}/preview`, {
      headers: { Authorization: `Bearer ${t.token}` },
    });
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).to.equal(true);
    expect(pdf).to.contain(`Faktura ${n}`);
    expect(at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice', 'Sent')).to.equal(false);
  });

  it('turns an order into an invoice and records the link both ways', async () => {
    const o = await t.api('POST', '/3/orders', {
      Order: { CustomerNumber: '1', OrderRows: [{ ArticleNumber: 'CONS', OrderedQuantity: 2, DeliveredQuantity: 2 }] },
    });
    const on = String(at(o.json, 'Order', 'DocumentNumber'));
    const made = await t.api('PUT', `/3/orders/${on}/createinvoice`);
    const invNo = String(at(made.json, 'Order', 'InvoiceReference'));
    expect(at((await t.api('GET', `/3/invoices/${invNo}`)).json, 'Invoice')).to.include({
      OrderReference: on,
      Total: 398,
    });
  });
});
