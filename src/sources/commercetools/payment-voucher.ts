import type { Order, Payment, TaxedItemPrice, TaxRate, Transaction } from '@commercetools/platform-sdk';
import type { SourceRef, Voucher, VoucherRow } from '../../core/documents.ts';
import type { Blocked } from '../source.ts';
import { amountOf, stockholmDay, vatPercent } from './money.ts';
import { orderTitle } from './order-map.ts';
import { type CommercetoolsSettings, clearingAccount } from './settings.ts';

/**
 * Bookkeeping model "voucher": one successful capture (Charge) or refund of a payment as one Fortnox
 * voucher — the payment provider's clearing account against sales (net) per VAT rate and output VAT
 * per rate. The capture's amount is split over the order's VAT rates in proportion to the order's
 * taxed totals, in öre with the remainders placed so debit equals credit exactly; a refund whose
 * return adds up to it is split over the returned lines instead. A refund is the mirror of a capture.
 */

type Groups = Map<number, { net: bigint; vat: bigint }>;

const blocked = (title: string, code: string, message: string): Blocked => ({ kind: 'blocked', title, code, message });

interface Taxed {
  taxRate?: TaxRate;
  taxedPrice?: TaxedItemPrice;
}

function addItem(groups: Groups, item: Taxed, share: [bigint, bigint] = [1n, 1n]): boolean {
  if (item.taxRate === undefined || item.taxedPrice === undefined) return false;
  const rate = vatPercent(item.taxRate.amount);
  const net = BigInt(item.taxedPrice.totalNet.centAmount);
  const vat = BigInt(item.taxedPrice.totalGross.centAmount) - net;
  const g = groups.get(rate) ?? { net: 0n, vat: 0n };
  groups.set(rate, { net: g.net + (net * share[0]) / share[1], vat: g.vat + (vat * share[0]) / share[1] });
  return true;
}

/** Per VAT rate, what the order sold (lines, custom lines, shipping); undefined when a part has no tax rate. */
function orderGroups(order: Order): Groups | undefined {
  const groups: Groups = new Map();
  const items: Taxed[] = [
    ...order.lineItems,
    ...order.customLineItems,
    ...(order.shippingInfo ? [order.shippingInfo] : []),
  ];
  return items.every((i) => addItem(groups, i)) ? groups : undefined;
}

/** The returned lines' share per rate when one return adds up to the refund (to the öre). */
function returnGroups(order: Order, cents: number): Groups | undefined {
  for (const info of [...(order.returnInfo ?? [])].reverse()) {
    const groups: Groups = new Map();
    for (const item of info.items) {
      const line = order.lineItems.find((l) => l.id === (item as { lineItemId?: string }).lineItemId);
      if (line === undefined || line.quantity === 0) return undefined;
      if (!addItem(groups, line, [BigInt(item.quantity), BigInt(line.quantity)])) return undefined;
    }
    const sum = [...groups.values()].reduce((s, g) => s + g.net + g.vat, 0n);
    if (Math.abs(Number(sum) - cents) <= info.items.length) return groups;
  }
  return undefined;
}

/** `parts` scaled to add up to exactly `target` öre (largest remainder first). */
export function prorate(parts: readonly bigint[], target: number): bigint[] {
  const total = parts.reduce((s, p) => s + p, 0n);
  const want = BigInt(target);
  if (total === 0n) return parts.map((_, i) => (i === 0 ? want : 0n));
  const scaled = parts.map((p) => ({ floor: (p * want) / total, rest: (p * want) % total }));
  let left = want - scaled.reduce((s, x) => s + x.floor, 0n);
  const order = scaled.map((_, i) => i).sort((a, b) => Number(scaled[b]!.rest - scaled[a]!.rest) || a - b);
  for (const i of order) {
    if (left <= 0n) break;
    scaled[i]!.floor += 1n;
    left -= 1n;
  }
  return scaled.map((x) => x.floor);
}

export function paymentVoucher(
  ref: SourceRef,
  settings: CommercetoolsSettings,
  payment: Payment,
  tx: Transaction,
  order: Order,
): { kind: 'voucher'; voucher: Voucher } | Blocked {
  const refund = tx.type === 'Refund';
  const title = `${refund ? 'refund' : 'capture'} of ${orderTitle(order)}`;
  if (tx.amount.currencyCode !== 'SEK' || (tx.amount.fractionDigits ?? 2) !== 2)
    return blocked(
      title,
      'voucher_currency',
      `The ${title} is in ${tx.amount.currencyCode}; vouchers are booked in SEK only. Book this store with the invoice model (a rule can route it), or record the payment in Fortnox by hand.`,
    );
  const groups = (refund ? returnGroups(order, tx.amount.centAmount) : undefined) ?? orderGroups(order);
  if (groups === undefined)
    return blocked(
      title,
      'no_tax_rate',
      `The ${orderTitle(order)} has no tax rate on every line (tax mode Disabled), so the VAT of its ${refund ? 'refund' : 'capture'} is unknown. Set the tax rates in commercetools and change the order.`,
    );
  const info = payment.paymentMethodInfo;
  const provider = info.paymentInterface ?? 'unknown';
  const method = info.method ?? '';
  const clearing = clearingAccount(settings.clearingAccounts, provider, method);
  if (clearing === undefined)
    return blocked(
      title,
      'clearing_unmapped',
      `No clearing account is mapped for payment provider ${provider}${method ? ` (method ${method})` : ''}. Add ${provider}=ACCOUNT to “clearing account per payment provider” in the commercetools settings; the ${refund ? 'refund' : 'capture'} is booked then.`,
    );
  const rates = [...groups.keys()].sort((a, b) => b - a);
  const parts = rates.flatMap((r) => [groups.get(r)!.net, groups.get(r)!.vat]);
  const amounts = prorate(parts, tx.amount.centAmount);
  const credits: VoucherRow[] = [];
  for (const [i, rate] of rates.entries()) {
    const key = String(rate) as keyof CommercetoolsSettings['voucherSalesAccounts'];
    const sales = settings.voucherSalesAccounts[key] ?? undefined;
    const vatAccount = rate === 0 ? undefined : (settings.voucherVatAccounts[key as '25'] ?? undefined);
    const [net, vat] = [amounts[2 * i]!, amounts[2 * i + 1]!];
    if (sales === undefined || (vat !== 0n && vatAccount === undefined))
      return blocked(
        title,
        'voucher_unmapped_vat',
        `No ${sales === undefined ? 'sales' : 'output VAT'} account is mapped for VAT ${rate} % (${title}). Add it to the voucher model's accounts in the commercetools settings; the ${refund ? 'refund' : 'capture'} is booked then.`,
      );
    credits.push({ account: sales, debitOre: 0, creditOre: Number(net), text: `Försäljning ${rate} % moms` });
    if (vat !== 0n)
      credits.push({ account: vatAccount!, debitOre: 0, creditOre: Number(vat), text: `Utgående moms ${rate} %` });
  }
  const debit: VoucherRow = {
    account: clearing,
    debitOre: tx.amount.centAmount,
    creditOre: 0,
    text: `${refund ? 'Återbetalning' : 'Betalning'} ${[provider, method].filter(Boolean).join(' ')}`.slice(0, 100),
  };
  const rows = [debit, ...credits].filter((r) => r.debitOre + r.creditOre !== 0);
  const mirrored = refund ? rows.map((r) => ({ ...r, debitOre: r.creditOre, creditOre: r.debitOre })) : rows;
  const number = order.orderNumber ?? order.id;
  return {
    kind: 'voucher',
    voucher: {
      source: ref,
      title,
      date: stockholmDay(tx.timestamp ?? payment.lastModifiedAt),
      description: `${refund ? 'Återbetalning' : 'Betalning'} order ${number} (${amountOf(tx.amount)} SEK, ${provider})`,
      ...(settings.voucherSeries === null ? {} : { series: settings.voucherSeries }),
      rows: mirrored,
      key: `commercetools:${ref.connection}:${ref.id}`,
    },
  };
}
