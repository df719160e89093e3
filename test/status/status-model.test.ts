import { expect } from 'chai';
import { canTransition } from '../../src/core/sync-state.ts';
import { createLinkSigner } from '../../src/status/invoice-link.ts';
import { INVOICE_STATUSES, type InvoiceSignals, readInvoiceStatus, signalsOf } from '../../src/status/status-model.ts';

const TODAY = '2026-11-22';
const base: InvoiceSignals = {
  documentNumber: '7',
  booked: false,
  cancelled: false,
  sent: false,
  balance: 1250,
  total: 1250,
  finalPayDate: null,
  dueDate: '2026-12-22',
  creditInvoiceReference: '0',
};
const read = (change: Partial<InvoiceSignals>) => readInvoiceStatus({ ...base, ...change }, TODAY);
const status = (change: Partial<InvoiceSignals>) => {
  const r = read(change);
  return r.kind === 'mapped' ? r.status : `unmapped: ${r.reason}`;
};

describe('status model: Fortnox invoice → status', () => {
  it('maps every lifecycle signal as documented, in precedence order', () => {
    expect(status({})).to.equal('draft');
    expect(status({ sent: true })).to.equal('sent');
    expect(status({ booked: true })).to.equal('booked');
    expect(status({ booked: true, sent: true })).to.equal('sent');
    expect(status({ booked: true, balance: 500 })).to.equal('partially_paid');
    expect(status({ booked: true, sent: true, balance: 500 })).to.equal('partially_paid');
    expect(status({ booked: true, balance: 0, finalPayDate: '2026-11-20' })).to.equal('paid');
    expect(status({ booked: true, dueDate: '2026-11-21' })).to.equal('overdue');
    expect(status({ booked: true, balance: 500, dueDate: '2026-11-21' })).to.equal(
      'overdue',
      'late outranks partly paid',
    );
    expect(status({ booked: true, balance: 0, finalPayDate: '2026-11-20', dueDate: '2026-11-01' })).to.equal(
      'paid',
      'paid late is paid',
    );
    expect(status({ booked: true, dueDate: TODAY })).to.equal('booked', 'due today is not overdue yet');
    expect(status({ cancelled: true })).to.equal('cancelled');
    expect(status({ booked: true, creditInvoiceReference: '12' })).to.equal('credited');
    expect(status({ booked: true, creditInvoiceReference: '12', balance: 0, finalPayDate: '2026-11-20' })).to.equal(
      'credited',
      'credit outranks the settled balance',
    );
    expect(status({ booked: false, total: 0, balance: 0 })).to.equal('draft');
    expect(status({ booked: true, total: 0, balance: 0, finalPayDate: TODAY })).to.equal('paid');
  });

  it('treats credit-like negative amounts by the same rules', () => {
    expect(status({ booked: true, total: -1250, balance: -1250 })).to.equal('booked');
    expect(status({ booked: true, total: -1250, balance: -250 })).to.equal('partially_paid');
  });

  it('says "maps to nothing" (never a default) for impossible combinations', () => {
    const impossible: Partial<InvoiceSignals>[] = [
      { cancelled: true, booked: true },
      { creditInvoiceReference: '12' }, // credited but never booked
      { balance: 500 }, // paid on a draft
      { finalPayDate: TODAY }, // a draft with a pay date
      { booked: true, balance: 0 }, // settled without FinalPayDate
      { booked: true, balance: -10 }, // overpaid
      { booked: true, balance: 2000 }, // more open than the total
      { booked: true, balance: 500, finalPayDate: TODAY }, // open yet "fully paid"
    ];
    for (const change of impossible) expect(read(change).kind, JSON.stringify(change)).to.equal('unmapped');
  });

  it('covers the whole cross product of flags with exactly one answer each, all of them real states', () => {
    const seen = new Set<string>();
    for (const booked of [false, true])
      for (const cancelled of [false, true])
        for (const sent of [false, true])
          for (const balance of [0, 500, 1250, -5])
            for (const finalPayDate of [null, TODAY])
              for (const dueDate of [null, '2026-01-01', '2027-01-01'])
                for (const creditInvoiceReference of [null, '0', '99']) {
                  const r = read({ booked, cancelled, sent, balance, finalPayDate, dueDate, creditInvoiceReference });
                  if (r.kind === 'mapped') {
                    expect(INVOICE_STATUSES).to.include(r.status);
                    seen.add(r.status);
                  } else expect(r.reason).to.be.a('string').and.not.equal('');
                }
    expect([...seen].sort()).to.deep.equal([...INVOICE_STATUSES].sort(), 'every status is reachable');
  });

  it('every status the model can read is reachable from draft through the state table', () => {
    for (const s of INVOICE_STATUSES)
      expect(s === 'draft' || canTransition('draft', s) || canTransition('booked', s), s).to.equal(true);
  });

  it('list items (no CreditInvoiceReference) read as "unknown", full invoices "0" when absent', () => {
    const item = {
      DocumentNumber: '1',
      Booked: true,
      Cancelled: false,
      Sent: false,
      Balance: 1,
      Total: 1,
      FinalPayDate: null,
      DueDate: null,
    };
    expect(signalsOf(item).creditInvoiceReference).to.equal(null);
    expect(signalsOf({ ...item, CreditInvoiceReference: null }).creditInvoiceReference).to.equal('0');
    expect(signalsOf({ ...item, CreditInvoiceReference: '4' }).creditInvoiceReference).to.equal('4');
  });
});

describe('invoice PDF links', () => {
  const signer = createLinkSigner({ appSecret: 'x'.repeat(40), baseUrl: () => 'https://sync.example/', ttlDays: 30 });
  const now = new Date('2026-11-22T10:00:00Z');
  const parse = (link: string) => {
    const url = new URL(link);
    const [, , tenantId, file] = url.pathname.split('/');
    return {
      tenantId: tenantId!,
      documentNumber: file!.replace('.pdf', ''),
      expires: url.searchParams.get('expires') ?? undefined,
      signature: url.searchParams.get('signature') ?? undefined,
    };
  };

  it('verifies its own links, stays the same all day, and expires', () => {
    const link = signer.linkFor({ tenantId: '1001', documentNumber: '42' }, now);
    expect(link.startsWith('https://sync.example/invoices/1001/42.pdf?expires=')).to.equal(true);
    expect(signer.linkFor({ tenantId: '1001', documentNumber: '42' }, new Date('2026-11-22T11:00:00Z'))).to.equal(link);
    expect(signer.verify(parse(link), now)).to.deep.equal({
      ok: true,
      ref: { tenantId: '1001', documentNumber: '42' },
    });
    expect(signer.verify(parse(link), new Date(now.getTime() + 32 * 86_400_000))).to.deep.equal({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses another invoice, another tenant, a later expiry, another secret, garbage', () => {
    const p = parse(signer.linkFor({ tenantId: '1001', documentNumber: '42' }, now));
    expect(signer.verify({ ...p, documentNumber: '43' }, now)).to.deep.equal({ ok: false, reason: 'bad_signature' });
    expect(signer.verify({ ...p, tenantId: '1002' }, now)).to.deep.equal({ ok: false, reason: 'bad_signature' });
    expect(signer.verify({ ...p, expires: String(Number(p.expires) + 86_400) }, now)).to.deep.equal({
      ok: false,
      reason: 'bad_signature',
    });
    const other = createLinkSigner({ appSecret: 'y'.repeat(40), baseUrl: () => 'https://sync.example', ttlDays: 30 });
    expect(other.verify(p, now).ok).to.equal(false);
    expect(signer.verify({ ...p, signature: 'abc' }, now)).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(signer.verify({ ...p, expires: undefined }, now)).to.deep.equal({ ok: false, reason: 'malformed' });
  });
});
