import { expect } from 'chai';
import { findRecordsForSource } from '../../../src/db/sync-records.repo.ts';
import { syncCredit } from '../../../src/sink/credit-sync.ts';
import { syncDocument } from '../../../src/sink/document-sync.ts';
import { syncVoucher } from '../../../src/sink/voucher-sync.ts';
import { openLightspeed } from '../../../src/sources/lightspeed-k/runtime.ts';
import { startVoucherWorld, type VoucherWorld } from '../../sink/voucher-helpers.ts';
import { type LightspeedWorld, startLightspeedWorld } from './helpers.ts';

type Rec = Record<string, unknown>;
const rowsOf = (v: Rec) => (v.VoucherRows as Rec[]).map((r) => [r.Account, r.Debit, r.Credit]);

/**
 * A sale on account at the till becomes a Fortnox customer invoice for the named customer (found or
 * created), once; the day's voucher leaves it out and still balances.
 */
describe('Lightspeed K-Series sales on account → customer invoices', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  let l: LightspeedWorld;
  let date: string;
  let fiscId: string;
  before(async () => {
    w = await startVoucherWorld();
    l = await startLightspeedWorld(w);
    l.ls.ringUp({ lines: [{ sku: '101', quantity: 2 }], payments: [{ method: 'CARD' }] });
    const onAccount = l.ls.ringUp({
      lines: [{ sku: '103', quantity: 3 }, { sku: '301' }],
      payments: [
        {
          method: 'INVOICE',
          customer: { companyName: 'Byrån AB', taxIdentifier: '556677-8899', city: 'Stockholm', zipCode: '11820' },
        },
      ],
    });
    fiscId = onAccount.sale.accountFiscId;
    date = await l.closeDay();
  });
  after(async () => {
    await l?.close();
    await w?.close();
  });

  const invoices = () => [...w.h.emu.tenant(1001).invoices.rows.values()].map((r) => r.rec as Rec);
  const customers = () => [...w.h.emu.tenant(1001).customers.rows.values()].map((r) => r.rec as Rec);
  const saleRef = () => ({ system: 'lightspeed', connection: 'gotgatan', object: 'sale', id: `${date}_${fiscId}` });

  async function readSale() {
    const connection = (await l.services.connections.get('lightspeed', 'gotgatan'))!;
    const ctx = { connection, logger: w.ctx().logger, signal: new AbortController().signal };
    return l.runtime.readDocument(ctx, saleRef());
  }

  it('leaves the sale on account out of the day voucher, which still balances', async () => {
    const read = await l.read(date);
    if (read.kind !== 'voucher') throw new Error(`expected a voucher, got ${JSON.stringify(read)}`);
    const record = await syncVoucher(w.ctx(), read.voucher);
    expect(record.state, record.errorMessage ?? '').to.equal('booked');
    const voucher = w.vouchers().find((v) => String(v.Comments).startsWith(`fortnox-sync lightspeed:gotgatan:${date}`));
    const rows = rowsOf(voucher!);
    expect(rows.map((r) => r[0])).to.not.include(1510);
    expect(rows).to.deep.include([1580, 70, 0]); // two coffees by card, nothing else
    expect(rows.find((r) => r[0] === 2611)).to.equal(undefined); // the beer was on account
  });

  it('invoices the sale to the named customer, created in Fortnox with its organisation number', async () => {
    const read = await readSale();
    if (read.kind !== 'document') throw new Error(`expected a document, got ${JSON.stringify(read)}`);
    expect(read.document.customer.name).to.equal('Byrån AB');
    const record = await syncDocument(w.ctx(), read.document);
    expect(record?.state, record?.errorMessage ?? '').to.be.oneOf(['draft', 'booked', 'synced']);
    const [invoice] = invoices();
    expect(invoice!.ExternalInvoiceReference1).to.equal(`lightspeed:gotgatan:${date}_${fiscId}`);
    expect(Number(invoice!.Total)).to.equal(3 * 125 + 69);
    expect(invoice!.InvoiceDate).to.equal(date);
    const customer = customers().find((c) => c.CustomerNumber === invoice!.CustomerNumber);
    expect(customer!.Name).to.equal('Byrån AB');
    expect(customer!.OrganisationNumber).to.equal('556677-8899');
  });

  it('invoices it exactly once, however often the sale is read and synced', async () => {
    for (let i = 0; i < 3; i++) {
      const read = await readSale();
      if (read.kind === 'document') await syncDocument(w.ctx(), read.document);
    }
    expect(invoices()).to.have.length(1);
    expect(customers().filter((c) => c.Name === 'Byrån AB')).to.have.length(1);
  });

  it('queues the sale on account beside its day when the poll finds the day complete', async () => {
    const sent: { source: { id: string; object: string } }[] = [];
    const queue = { send: async (_n: string, payload: (typeof sent)[number]) => void sent.push(payload) };
    const runtime = openLightspeed({ ...l.services, queue: queue as never }, { now: () => l.ls.now() });
    await runtime.pollOnce();
    const mine = sent.filter((j) => j.source.id.startsWith(date));
    expect(mine.map((j) => [j.source.object, j.source.id])).to.deep.include.members([
      ['day', date],
      ['sale', `${date}_${fiscId}`],
    ]);
  });

  it('credits the invoice for a return on account, and leaves the return out of its day', async () => {
    const sale = l.ls.ringUp({
      lines: [{ sku: '103', quantity: 2 }],
      payments: [{ method: 'INVOICE', customer: { companyName: 'Kontoret AB', taxIdentifier: '556000-1116' } }],
    });
    const returned = l.ls.refund({ sale: sale.sale.accountFiscId, lines: [{ sku: '103', quantity: 1 }] });
    const day = await l.closeDay();
    const connection = (await l.services.connections.get('lightspeed', 'gotgatan'))!;
    const ctx = { connection, logger: w.ctx().logger, signal: new AbortController().signal };
    const saleSource = {
      system: 'lightspeed',
      connection: 'gotgatan',
      object: 'sale',
      id: `${day}_${sale.sale.accountFiscId}`,
    };
    const doc = await l.runtime.readDocument(ctx, saleSource);
    if (doc.kind !== 'document') throw new Error(`expected a document, got ${JSON.stringify(doc)}`);
    const invoiced = await syncDocument(w.ctx({ bookkeep: true }), doc.document);
    expect(invoiced?.state, invoiced?.errorMessage ?? '').to.equal('booked');
    const returnSource = { ...saleSource, object: 'return', id: `${day}_${returned.sale.accountFiscId}` };
    const read = await l.runtime.readCredit!(ctx, returnSource);
    if (read.kind !== 'credit') throw new Error(`expected a credit, got ${JSON.stringify(read)}`);
    expect(read.credit.original).to.deep.equal(saleSource);
    const [original] = await findRecordsForSource(w.h.db.pool, saleSource);
    const record = await syncCredit(w.ctx(), read.credit, original!);
    expect(record.state, record.errorMessage ?? '').to.not.equal('needs_attention');
    const invoice = invoices().find((i) => String(i.DocumentNumber) === original!.fortnoxNumber);
    const credit = invoices().find((i) => String(i.DocumentNumber) === String(invoice!.CreditInvoiceReference));
    expect(credit!.Credit).to.be.oneOf([true, 'true']);
    expect(Number(credit!.Total)).to.equal(-125);
    const voucher = await l.read(day);
    expect(voucher.kind === 'voucher' ? voucher.voucher.rows : []).to.deep.equal([]); // all of it was on account
  });

  it('keeps a receivable row in the day instead when the location is set to receivable', async () => {
    const w2 = await startVoucherWorld();
    const l2 = await startLightspeedWorld(w2, {}, { onAccount: 'receivable' });
    try {
      l2.ls.ringUp({
        lines: [{ sku: '401' }],
        payments: [{ method: 'INVOICE', customer: { companyName: 'Byrån AB' } }],
      });
      const day = await l2.closeDay();
      const read = await l2.read(day);
      if (read.kind !== 'voucher') throw new Error('expected a voucher');
      expect(read.voucher.rows.find((r) => r.account === 1510)?.debitOre).to.equal(14_900);
    } finally {
      await l2.close();
      await w2.close();
    }
  });
});
