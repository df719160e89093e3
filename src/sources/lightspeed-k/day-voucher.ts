import type { SourceRef, Voucher, VoucherRow } from '../../core/documents.ts';
import type { Blocked } from '../source.ts';
import type { LightspeedPayment, SalesDaily } from './api.ts';
import { micro, toOre } from './money.ts';
import { invoicedReturn, invoicedSale, rateOf } from './on-account.ts';
import { type LightspeedSettings, pairMap, rateAccount } from './settings.ts';

/**
 * One closed K-Series business day → one voucher on the merchant's accounts: credit sales (net) per
 * accounting group or VAT rate and output VAT per rate, debit each payment method's account, tips
 * owed to staff, cash rounding on its own account. Amounts are summed unrounded and rounded once per
 * account; what a day's rounding leaves over is for the sink's tolerance (3740). A sale wholly on
 * account is invoiced on its own (on-account.ts) and left out here; a sale split between an account
 * and other payments, or every one when the location says `receivable`, debits the receivables
 * account of the INVOICE method. With a discount account, sales are credited before discounts and
 * the discounts (VAT excluded) debited on it; without one, sales are booked net of discounts.
 */

interface Bucket {
  account: number;
  side: 'debit' | 'credit';
  micro: bigint;
  costCenter?: string;
  text: string;
}

const blocked = (title: string, code: string, message: string): Blocked => ({ kind: 'blocked', title, code, message });

export function dayVoucher(
  source: SourceRef,
  settings: LightspeedSettings,
  location: string,
  day: SalesDaily,
): { kind: 'voucher'; voucher: Voucher } | Blocked {
  const date = source.id;
  const title = `The Z report of ${location} for ${date}`;
  const buckets = new Map<string, Bucket>();
  const cc = settings.costCenter ?? undefined;
  const groups = pairMap(settings.groupAccounts);
  const methods = pairMap(settings.paymentAccounts);
  const add = (b: Omit<Bucket, 'micro'>, amount: bigint) => {
    const key = `${b.side}:${b.account}:${b.costCenter ?? ''}`;
    const found = buckets.get(key);
    if (found) found.micro += amount;
    else buckets.set(key, { ...b, micro: amount });
  };
  for (const sale of day.sales) {
    if (sale.cancelled || invoicedSale(sale, settings) || invoicedReturn(sale, settings)) continue;
    for (const line of sale.salesLines) {
      const gross = micro(line.totalNetAmountWithTax);
      const net = micro(line.totalNetAmountWithoutTax);
      if (gross === undefined || net === undefined)
        return blocked(
          title,
          'lightspeed_bad_amount',
          `Sale ${sale.accountFiscId} has an amount that is not a number (“${line.totalNetAmountWithTax}”); Lightspeed support must look at it.`,
        );
      const rate = rateOf(line);
      const group = line.accountingGroup?.code ?? undefined;
      const salesAccount =
        (group === undefined ? undefined : groups.get(group)) ?? rateAccount(settings.salesAccounts, rate);
      if (salesAccount === undefined)
        return blocked(
          title,
          'lightspeed_unmapped_vat',
          `No sales account is mapped for VAT ${rate ?? '?'} %${group ? ` (accounting group ${group})` : ''} — line “${line.name}” of sale ${sale.accountFiscId}. Add it to the location's account mapping; the day is posted then.`,
        );
      const discount = discountNet(line.totalDiscountAmount ?? undefined, rate);
      if (discount === undefined)
        return blocked(
          title,
          'lightspeed_bad_amount',
          `Sale ${sale.accountFiscId} has a discount that is not a number (“${line.totalDiscountAmount}”); Lightspeed support must look at it.`,
        );
      const separate = settings.discountAccount !== null && discount !== 0n;
      add(
        {
          account: salesAccount,
          side: 'credit',
          text: group ? `Försäljning ${group}` : `Försäljning ${rate} % moms`,
          ...(cc ? { costCenter: cc } : {}),
        },
        separate ? net + discount : net,
      );
      if (separate && settings.discountAccount !== null)
        add(
          { account: settings.discountAccount, side: 'debit', text: 'Rabatter', ...(cc ? { costCenter: cc } : {}) },
          discount,
        );
      const tax = gross - net;
      if (tax === 0n) continue;
      const vatAccount = rateAccount(settings.vatAccounts, rate);
      if (vatAccount === undefined)
        return blocked(
          title,
          'lightspeed_unmapped_vat',
          `No output VAT account is mapped for VAT ${rate ?? '?'} % (line “${line.name}” of sale ${sale.accountFiscId}). Add it to the location's account mapping; the day is posted then.`,
        );
      add({ account: vatAccount, side: 'credit', text: `Utgående moms ${rate} %` }, tax);
    }
    for (const p of sale.payments) {
      const result = payment(p, methods, settings, sale.accountFiscId, title, add, cc);
      if (result !== undefined) return result;
    }
  }
  const rows: VoucherRow[] = [];
  for (const b of buckets.values()) {
    const ore = toOre(b.micro);
    // A bucket that came out negative (a day of more returns than sales) books on the other side.
    const debit = b.side === 'debit' ? ore : -ore;
    rows.push({
      account: b.account,
      debitOre: Math.max(debit, 0),
      creditOre: Math.max(-debit, 0),
      text: b.text,
      ...(b.costCenter ? { costCenter: b.costCenter } : {}),
    });
  }
  return {
    kind: 'voucher',
    voucher: {
      source,
      title,
      date,
      description: `Z-rapport ${location} ${date}`,
      rows,
      key: `lightspeed:${source.connection}:${date}`,
      location,
      ...(settings.voucherSeries ? { series: settings.voucherSeries } : {}),
    },
  };
}

/** A discount given VAT included, as the net amount it took off the sales account (micro-units). */
function discountNet(text: string | undefined, rate: string | undefined): bigint | undefined {
  const gross = micro(text);
  if (gross === undefined) return undefined;
  const n = Number(rate ?? 0);
  const pct = BigInt(Number.isInteger(n) ? n : 0);
  return (gross * 100n) / (100n + pct);
}

function payment(
  p: LightspeedPayment,
  methods: Map<string, number>,
  settings: LightspeedSettings,
  sale: string,
  title: string,
  add: (b: Omit<Bucket, 'micro'>, amount: bigint) => void,
  cc: string | undefined,
): Blocked | undefined {
  const account = methods.get(p.code);
  if (account === undefined)
    return blocked(
      title,
      'lightspeed_unmapped_payment',
      `Payment method ${p.code}${p.description ? ` (“${p.description}”)` : ''} of sale ${sale} has no account. Add it to the location's account mapping; the day is posted then.`,
    );
  const paid = micro(p.netAmountWithTax);
  const tip = micro(p.tip ?? undefined);
  const rounding = micro(p.roundingAmount ?? undefined);
  if (paid === undefined || tip === undefined || rounding === undefined)
    return blocked(
      title,
      'lightspeed_bad_amount',
      `Sale ${sale} has a payment amount that is not a number; Lightspeed support must look at it.`,
    );
  const who = p.consumer?.companyName ?? [p.consumer?.firstName, p.consumer?.lastName].filter(Boolean).join(' ');
  const text = p.type === 'ACCOUNTS_RECEIVABLE' ? `På konto ${who}`.trim() : (p.description ?? p.code);
  // The tip rides on the same card or Swish payment: the money arrives, and is owed to the staff.
  add({ account, side: 'debit', text }, paid + tip);
  if (tip !== 0n) add({ account: settings.tipAccount, side: 'credit', text: 'Dricks' }, tip);
  // roundingAmount = paid − payable: more paid than the bill is a rounding gain (credit).
  if (rounding !== 0n)
    add(
      {
        account: settings.roundingAccount,
        side: 'credit',
        text: 'Öresavrundning kontant',
        ...(cc ? { costCenter: cc } : {}),
      },
      rounding,
    );
  return undefined;
}
