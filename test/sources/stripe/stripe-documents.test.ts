import { expect } from 'chai';
import { saveSetting } from '../../../src/db/settings.repo.ts';
import { type StripeHarness, startStripeHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * Stripe documents → Fortnox as finance books them: Stripe embeds only an invoice's or credit
 * note's first lines, so a longer document must still reach Fortnox whole (every row, the Stripe
 * total); and a document is dated on its Swedish day, not its UTC one.
 */
describe('Stripe invoices and credit notes → Fortnox: long documents, Swedish days', function () {
  this.timeout(60_000);
  let s: StripeHarness;
  const demo = () => s.em.demo!;

  before(async () => {
    s = await startStripeHarness();
    await saveSetting(s.h.db.pool, 'bookkeep', true);
    // One-off invoice items name no product: their rows go on the default article.
    await saveSetting(s.h.db.pool, 'defaultArticleNumber', 'MISC');
  });
  after(async () => s?.stop());

  /** A paid invoice of `count` one-off lines, 10, 20, 30 … kr each, 25 % VAT. */
  const longInvoice = async (count: number) => {
    const customer = demo().customers.acme;
    const draft = await s.stripe.invoices.create({ customer, auto_advance: false });
    for (let i = 1; i <= count; i++) {
      await s.stripe.invoiceItems.create({
        customer,
        invoice: draft.id!,
        amount: i * 1000,
        currency: 'sek',
        description: `Seat ${i}`,
        tax_rates: [demo().vat],
      });
    }
    await s.stripe.invoices.finalizeInvoice(draft.id!);
    return s.stripe.invoices.pay(draft.id!);
  };

  /** The invoice's ledger row once its sync has decided (made, or parked with a reason). */
  const decided = async (id: string) => {
    const row = async () =>
      (
        await s.h.db.pool.query<{ state: string; error_message: string | null }>(
          `SELECT state, error_message FROM sync_records
            WHERE source_system = 'stripe' AND source_id = $1 AND document_kind = 'invoice'`,
          [id],
        )
      ).rows[0];
    await s.h.until(async () => !/^(pending|creating)?$/.test((await row())?.state ?? ''), 'the invoice sync');
    return (await row())!;
  };

  it('a 12-line invoice becomes one Fortnox invoice of 12 rows and the Stripe total', async () => {
    const paid = await longInvoice(12);
    expect(paid.lines.has_more, 'Stripe embeds only the first lines').to.equal(true);
    const record = await decided(paid.id!);
    expect(record.state, record.error_message ?? '').to.not.equal('needs_attention');
    const invoice = await s.invoiceFor(paid.id!);
    const rows = invoice.InvoiceRows as Rec[];
    expect(rows.map((r) => r.Description)).to.include.members(['Seat 1', 'Seat 11', 'Seat 12']);
    expect(rows).to.have.length(12);
    expect(Number(invoice.Net)).to.equal(paid.subtotal / 100);
    expect(Math.abs(Number(invoice.Total) - paid.total / 100)).to.be.below(0.5);
    expect(s.invoicesFor(paid.id!)).to.have.length(1);
  });

  it('a credit note of 12 lines credits all of them', async () => {
    const paid = await longInvoice(12);
    const original = await s.invoiceFor(paid.id!);
    const lines = await s.stripe.invoices.listLineItems(paid.id!, { limit: 100 });
    const note = await s.stripe.creditNotes.create({
      invoice: paid.id!,
      lines: lines.data.map((l) => ({ type: 'invoice_line_item' as const, invoice_line_item: l.id!, quantity: 1 })),
      refund_amount: paid.total,
    });
    expect(note.lines.has_more).to.equal(true);
    const credit = () =>
      [...s.h.stack.fortnox.tenant(1001).invoices.rows.values()]
        .map((r) => r.rec as Rec)
        .find((i) => String(i.Credit) === 'true' && String(i.InvoiceReference) === String(original.DocumentNumber));
    await s.h.until(() => credit() !== undefined, 'the credit invoice');
    await s.settled();
    expect(credit()!.InvoiceRows as Rec[]).to.have.length(12);
    expect(Math.abs(Number(credit()!.Total))).to.be.closeTo(note.total / 100, 0.5);
  });

  // Last: it moves the emulator's clock ahead.
  it('an invoice paid at 00:30 on New Year’s Day in Sweden is dated 1 January, not 31 December', async () => {
    const now = s.em.clock.now();
    let year = new Date(now).getUTCFullYear();
    // 23:30 UTC on 31 December is 00:30 on 1 January in Stockholm (CET, UTC+1).
    if (Date.UTC(year, 11, 31, 23, 30) <= now) year += 1;
    s.em.advanceClock(Date.UTC(year, 11, 31, 23, 30) - now);
    const paid = await longInvoice(1);
    const invoice = await s.invoiceFor(paid.id!);
    expect(invoice.InvoiceDate).to.equal(`${year + 1}-01-01`);
  });
});
