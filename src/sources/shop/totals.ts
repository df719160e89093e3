import type { Line } from '../../core/documents.ts';
import { round2, type ShopOrder } from './order.ts';
import type { ShopSettings } from './settings.ts';

/**
 * The totals check before anything is sent: the total Fortnox will compute from these rows (per-row
 * totals to öre, VAT on the net when prices exclude it) against what the buyer paid. Within the
 * merchant's tolerance a rounding row (0 % VAT, on the rounding article) balances the cent-level
 * differences shops produce by rounding per line (the sink books it on the rounding account, 3740,
and only on an article Fortnox has); beyond it nothing is sent and the order is held for review.
 */

export type Balanced =
  | { kind: 'balanced'; rows: Line[]; net: number; fortnoxTotal: number }
  | { kind: 'mismatch'; fortnoxTotal: number };

function sign(line: Line): number {
  return line.kind === 'discount' ? -1 : 1;
}

/** Net and total as Fortnox computes them for these rows, with the VAT rate each row ends up with. */
export function fortnoxTotals(
  rows: readonly Line[],
  pricesIncludeVat: boolean,
  rateOf: (rate: number) => number,
): { net: number; total: number } {
  let net = 0;
  let vat = 0;
  let gross = 0;
  for (const row of rows) {
    const amount = sign(row) * round2(row.quantity * row.unitPrice);
    const rate = rateOf(row.vatRate ?? 0);
    const excl = pricesIncludeVat ? amount / (1 + rate / 100) : amount;
    net += excl;
    vat += (excl * rate) / 100;
    gross += amount;
  }
  const total = pricesIncludeVat ? round2(gross) : round2(round2(net) + round2(vat));
  return { net: round2(net), total };
}

export function balanceTotals(
  order: Pick<ShopOrder, 'total' | 'pricesIncludeVat'>,
  rows: Line[],
  rateOf: (rate: number) => number,
  settings: Pick<ShopSettings, 'roundingTolerance' | 'roundingArticle'>,
): Balanced {
  const computed = fortnoxTotals(rows, order.pricesIncludeVat, rateOf);
  const difference = round2(order.total - computed.total);
  if (Math.abs(difference) > settings.roundingTolerance + 1e-9)
    return { kind: 'mismatch', fortnoxTotal: computed.total };
  if (difference === 0) return { kind: 'balanced', rows, net: computed.net, fortnoxTotal: computed.total };
  const rounding: Line = {
    kind: 'rounding',
    productCode: settings.roundingArticle,
    description: 'Öresavrundning',
    quantity: 1,
    unitPrice: difference,
    vatRate: 0,
  };
  return {
    kind: 'balanced',
    rows: [...rows, rounding],
    net: round2(computed.net + difference),
    fortnoxTotal: round2(order.total),
  };
}
