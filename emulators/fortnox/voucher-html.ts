import { escapeHtml } from '../kit/index.ts';
import { amount } from './resources/vat-breakdown.ts';
import type { Tenant } from './tenant.ts';
import { num, type Rec, str } from './values.ts';

/**
 * The manual vouchers of a tenant on the finance page (a POS day, an SIE import): what the
 * accountant sees under Bokföring → Verifikationer, each with its rows. Invoice and payment
 * bookings are left out; their documents are listed above.
 */

const e = (v: unknown): string => escapeHtml(v);

function rows(v: Rec): string {
  const list = Array.isArray(v.VoucherRows) ? (v.VoucherRows as Rec[]) : [];
  return list
    .map(
      (
        r,
      ) => `<tr><td class="num">${num(r.Account)}</td><td>${e(r.Description)}</td><td>${e(r.TransactionInformation)}</td>
<td>${e(r.CostCenter)}</td><td class="num">${num(r.Debit) === 0 ? '' : amount(num(r.Debit))}</td><td class="num">${num(r.Credit) === 0 ? '' : amount(num(r.Credit))}</td></tr>`,
    )
    .join('');
}

export function voucherSection(t: Tenant): string {
  const manual = t.vouchers
    .all()
    .map((s) => s.rec)
    .filter((v) => v.ReferenceType === 'MANUAL')
    .sort((a, b) => str(a.Key).localeCompare(str(b.Key)));
  if (manual.length === 0) return '';
  const body = manual
    .map((v) => {
      const year = t.books.yearById(num(v.Year));
      return `<tr data-voucher="${e(v.VoucherSeries)}${num(v.VoucherNumber)}"><td>${e(v.VoucherSeries)} ${num(v.VoucherNumber)}</td>
<td>${e(v.TransactionDate)}</td><td>${e(v.Description)}</td><td>${year ? `${e(year.FromDate)} – ${e(year.ToDate)}` : ''}</td></tr>
<tr class="detail"><td></td><td colspan="3"><table class="rows"><thead><tr><th class="num">Konto</th><th>Benämning</th><th>Transaktionsinfo</th><th>KS</th>
<th class="num">Debet</th><th class="num">Kredit</th></tr></thead><tbody>${rows(v)}</tbody></table></td></tr>`;
    })
    .join('\n');
  return `<h3>Verifikationer</h3><table><thead><tr><th>Ver.nr</th><th>Datum</th><th>Text</th><th>Räkenskapsår</th></tr></thead>
<tbody>${body}</tbody></table>`;
}
