import { expect } from 'chai';
import {
  type FortnoxClient,
  FortnoxNotFoundError,
  FortnoxUnavailableError,
  FortnoxValidationError,
  isAmbiguous,
  unlimited,
} from '../../src/fortnox/index.ts';
import { type FortnoxHarness, startHarness, TENANT } from './helpers/harness.ts';

describe('Fortnox client against the emulator', () => {
  let h: FortnoxHarness;
  let client: FortnoxClient;

  before(async () => {
    // The limiter has tests of its own (rate-limit.test.ts); here it would only make the file slow.
    h = await startHarness({ emulator: { rateLimit: { enabled: false } } });
    await h.connect();
    client = h.fortnox({ limiter: unlimited }).client(TENANT);
  });
  after(async () => h.close());
  afterEach(() => h.emu.clearFaults());

  it('creates a customer and finds it by organisation number, exactly', async () => {
    const created = await client.customers.create({
      Name: 'Acme AB',
      OrganisationNumber: '556123-4567',
      Email: 'billing@acme.example',
    });
    await client.customers.create({ Name: 'Acme Holding AB', OrganisationNumber: '556123-45678' }); // a substring decoy
    expect(created.CustomerNumber).to.be.a('string').and.not.equal('');
    const byOrg = await client.customers.findByOrganisationNumber('5561234567');
    expect(byOrg.map((c) => c.CustomerNumber)).to.deep.equal([created.CustomerNumber]);
    const byEmail = await client.customers.findByEmail('BILLING@acme.example');
    expect(byEmail.map((c) => c.Name)).to.deep.equal(['Acme AB']);
    expect(await client.customers.findByName('Acme')).to.deep.equal([]);
    const updated = await client.customers.update(created.CustomerNumber, { City: 'Malmö' });
    expect(updated.City).to.equal('Malmö');
  });

  it('answers a missing customer as FortnoxNotFoundError, or undefined from find()', async () => {
    const err = await client.customers.get('999999').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FortnoxNotFoundError);
    expect((err as FortnoxNotFoundError).fortnoxCode).to.equal(2000433);
    expect(await client.customers.find('999999')).to.equal(undefined);
  });

  it('creates, finds by ExternalInvoiceReference1 (exact, cancelled ignored), books and pays an invoice', async () => {
    const customer = await client.customers.create({ Name: 'Invoice Test AB' });
    const rows = [{ ArticleNumber: '', Description: 'Consulting', DeliveredQuantity: 2, Price: 1000, VAT: 25 }];
    const cancelled = await client.invoices.create({
      CustomerNumber: customer.CustomerNumber,
      ExternalInvoiceReference1: 'sf-006A',
      InvoiceRows: rows,
    });
    await client.invoices.cancel(cancelled.DocumentNumber);
    await client.invoices.create({
      CustomerNumber: customer.CustomerNumber,
      ExternalInvoiceReference1: 'SF-006A-2',
      InvoiceRows: rows,
    });
    const invoice = await client.invoices.create({
      CustomerNumber: customer.CustomerNumber,
      ExternalInvoiceReference1: 'sf-006A',
      InvoiceRows: rows,
    });
    expect(invoice.Booked).to.equal(false);
    expect(invoice.Total).to.equal(2500);
    expect(invoice.InvoiceRows[0]?.DeliveredQuantity).to.equal(2);

    const found = await client.invoices.findByExternalInvoiceReference1('sf-006A');
    expect(found.map((i) => i.DocumentNumber)).to.deep.equal([invoice.DocumentNumber]);

    const booked = await client.invoices.bookkeep(invoice.DocumentNumber);
    expect(booked.Booked).to.equal(true);
    const payment = await client.invoicePayments.create({
      InvoiceNumber: Number(invoice.DocumentNumber),
      Amount: 2500,
      ...(booked.InvoiceDate ? { PaymentDate: booked.InvoiceDate } : {}),
    });
    expect(payment.InvoiceNumber).to.equal(invoice.DocumentNumber);
    const paid = await client.invoices.get(invoice.DocumentNumber);
    expect(paid.Balance).to.equal(0);
    expect((await client.invoicePayments.listForInvoice(invoice.DocumentNumber)).map((p) => p.Number)).to.deep.equal([
      payment.Number,
    ]);
  });

  it('streams every page of a list and filters by lastmodified', async () => {
    const before = new Date(h.emu.now() - 60_000);
    const customer = await client.customers.create({ Name: 'Paging AB' });
    for (let i = 0; i < 5; i++)
      await client.invoices.create({ CustomerNumber: customer.CustomerNumber, ExternalInvoiceReference1: `page-${i}` });
    const seen: string[] = [];
    for await (const inv of client.invoices.list(
      { customerNumber: customer.CustomerNumber, lastModified: before },
      { limit: 2 },
    ))
      seen.push(inv.ExternalInvoiceReference1);
    expect(seen).to.have.members(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    h.emu.advanceClock(120_000);
    const later: string[] = [];
    for await (const inv of client.invoices.list({ lastModified: new Date(h.emu.now() - 30_000) }))
      later.push(inv.DocumentNumber);
    expect(later).to.deep.equal([]);
  });

  it('returns the invoice preview as a PDF', async () => {
    const customer = await client.customers.create({ Name: 'Pdf AB' });
    const invoice = await client.invoices.create({ CustomerNumber: customer.CustomerNumber });
    const pdf = await client.invoices.preview(invoice.DocumentNumber);
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
  });

  it('turns an order into an invoice and reports its number', async () => {
    const customer = await client.customers.create({ Name: 'Order AB' });
    const order = await client.orders.create({
      CustomerNumber: customer.CustomerNumber,
      OrderRows: [{ Description: 'Widget', OrderedQuantity: 1, DeliveredQuantity: 1, Price: 10 }],
    });
    const { invoiceNumber } = await client.orders.createInvoice(order.DocumentNumber);
    expect((await client.invoices.get(invoiceNumber)).CustomerNumber).to.equal(customer.CustomerNumber);
    const other = await client.orders.create({
      CustomerNumber: customer.CustomerNumber,
      ExternalInvoiceReference1: 'sf-ord-1',
    });
    await client.orders.create({ CustomerNumber: customer.CustomerNumber, ExternalInvoiceReference1: 'sf-ord-10' });
    expect(
      (await client.orders.findByExternalInvoiceReference1('sf-ord-1')).map((o) => o.DocumentNumber),
    ).to.deep.equal([other.DocumentNumber]);
    expect((await client.orders.cancel(other.DocumentNumber)).Cancelled).to.equal(true);
    expect(await client.orders.findByExternalInvoiceReference1('sf-ord-1')).to.deep.equal([]);
    expect(await client.orders.find('987654')).to.equal(undefined);
  });

  it('reads company information, accounts, currencies and terms of payment', async () => {
    expect((await client.settings.companyInformation()).CompanyName).to.equal('Demo AB');
    expect((await client.settings.account(3001))?.Description).to.match(/Försäljning/);
    expect(await client.settings.account(9999)).to.equal(undefined);
    expect((await client.settings.currencies()).map((c) => c.Code)).to.include('EUR');
    expect((await client.settings.termsOfPayment('30'))?.Description).to.equal('30 dagar');
    expect(
      (await client.articles.create({ Description: 'Support hour', ArticleNumber: 'SUP-1' })).ArticleNumber,
    ).to.equal('SUP-1');
    expect((await client.articles.find('SUP-1'))?.Description).to.equal('Support hour');
  });

  it('refuses bad data with a validation error carrying the Fortnox code', async () => {
    const err = await client.customers.create({ Name: 'Bad AB', SalesAccount: 9999 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FortnoxValidationError);
    expect((err as FortnoxValidationError).fortnoxCode).to.equal(2001304);
    expect((err as FortnoxValidationError).userMessage).to.include('chart of accounts');
  });

  it('retries a read through a 503 outage page and a 429', async () => {
    h.emu.injectFault({ kind: 'status', status: 503, count: 1, pathPrefix: '/3/companyinformation' });
    h.emu.injectFault({ kind: 'rate-limit', count: 1, pathPrefix: '/3/companyinformation' });
    expect((await client.settings.companyInformation()).CompanyName).to.equal('Demo AB');
  });

  it('retries a create that was refused before it was handled (429)', async () => {
    h.emu.injectFault({ kind: 'rate-limit', count: 1, pathPrefix: '/3/customers', method: 'POST' });
    expect((await client.customers.create({ Name: 'After 429 AB' })).Name).to.equal('After 429 AB');
  });

  it('never re-sends a create after an ambiguous 500: the invoice exists and is found by reference', async () => {
    const customer = await client.customers.create({ Name: 'Ambiguous AB' });
    h.emu.injectFault({ kind: 'commit-then-fail', count: 1, pathPrefix: '/3/invoices', method: 'POST' });
    const err = await client.invoices
      .create({ CustomerNumber: customer.CustomerNumber, ExternalInvoiceReference1: 'sf-amb-1' })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FortnoxUnavailableError);
    expect(isAmbiguous(err)).to.equal(true);
    expect(await client.invoices.findByExternalInvoiceReference1('sf-amb-1')).to.have.length(1);
  });

  it('treats a dropped connection during a create as ambiguous too', async () => {
    const customer = await client.customers.create({ Name: 'Dropped AB' });
    h.emu.injectFault({ kind: 'commit-then-fail', then: 'drop', count: 1, pathPrefix: '/3/invoices', method: 'POST' });
    const err = await client.invoices
      .create({ CustomerNumber: customer.CustomerNumber, ExternalInvoiceReference1: 'sf-amb-2' })
      .catch((e: unknown) => e);
    expect(isAmbiguous(err)).to.equal(true);
    expect(await client.invoices.findByExternalInvoiceReference1('sf-amb-2')).to.have.length(1);
  });

  it('gives up on a read after the short retry budget and leaves the rest to the queue', async () => {
    h.emu.injectFault({ kind: 'status', status: 500, count: 5, pathPrefix: '/3/companyinformation' });
    const err = await client.settings.companyInformation().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FortnoxUnavailableError);
    expect((err as FortnoxUnavailableError).retryable).to.equal(true);
    expect(isAmbiguous(err)).to.equal(false);
  });

  it('stops when the caller aborts', async () => {
    h.emu.injectFault({ kind: 'hang', count: 1, pathPrefix: '/3/companyinformation' });
    const controller = new AbortController();
    const pending = client.settings.companyInformation({ signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error('job cancelled'));
    expect(((await pending) as Error).message).to.equal('job cancelled');
  });
});
