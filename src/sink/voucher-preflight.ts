import type { VoucherRow } from '../core/documents.ts';
import type { Problem } from '../core/preflight.ts';
import { problemsError } from './attention.ts';
import type { SinkContext } from './context.ts';

/**
 * Pre-flight for a voucher, before anything is sent: the date lies in a Fortnox financial year and
 * after the locked period, the series exists there and allows manual entry, every account and cost
 * centre exists and is active. Fortnox's own codes for these refusals are unknown (reference §3), so
 * we ask first and say plainly what to fix. The frame is cached per tenant and financial year, accounts and
 * cost centres per tenant, so a stream of days costs about one request each (the POST).
 */

const TTL_MS = 10 * 60_000;

interface Frame {
  at: number;
  year: { id: number; from: string; to: string } | undefined;
  lockedThrough: string | null;
  series: Map<string, boolean>;
}

const frames = new Map<string, Frame>();
const accounts = new Map<string, Map<number, { at: number; active: boolean | undefined }>>();
const costCenters = new Map<string, Map<string, { at: number; active: boolean | undefined }>>();

/** Forgets what was learnt of a tenant (all tenants when none): after Fortnox refused a voucher, look again. */
export function forgetVoucherFrame(tenantId?: string): void {
  for (const map of [frames, accounts, costCenters]) {
    if (tenantId === undefined) map.clear();
    else for (const key of [...map.keys()]) if (key === tenantId || key.startsWith(`${tenantId}:`)) map.delete(key);
  }
}

async function frameOf(ctx: SinkContext, date: string): Promise<Frame> {
  // One frame per financial year (found by any of its dates), so a year of days costs one look-up.
  const fresh = (f: Frame) => Date.now() - f.at < TTL_MS;
  for (const [key, frame] of frames) {
    const y = frame.year;
    if (key.startsWith(`${ctx.tenantId}:`) && y !== undefined && y.from <= date && date <= y.to && fresh(frame))
      return frame;
  }
  const port = ctx.fortnox.vouchers;
  const year = await port.financialYearOf(date);
  const lockedThrough = await port.lockedThrough();
  const series = new Map<string, boolean>();
  if (year !== undefined) for (const s of await port.series(year.id)) series.set(s.code, s.manual);
  const frame = { at: Date.now(), year, lockedThrough, series };
  // A date without a year is not cached: the person creating the year must not wait for the TTL.
  if (year !== undefined) frames.set(`${ctx.tenantId}:${year.id}`, frame);
  return frame;
}

async function cachedActive<K>(
  cache: Map<string, Map<K, { at: number; active: boolean | undefined }>>,
  tenantId: string,
  key: K,
  read: () => Promise<{ active: boolean } | undefined>,
): Promise<boolean | undefined> {
  const own = cache.get(tenantId) ?? new Map<K, { at: number; active: boolean | undefined }>();
  cache.set(tenantId, own);
  const hit = own.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.active;
  const active = (await read())?.active;
  own.set(key, { at: Date.now(), active });
  return active;
}

/** Answers the financial year's Id to post into; throws NeedsAttentionError listing every problem. */
export async function preflightVoucher(
  ctx: SinkContext,
  date: string,
  series: string,
  rows: readonly VoucherRow[],
): Promise<number> {
  const problems: Problem[] = [];
  const frame = await frameOf(ctx, date);
  const year = frame.year;
  if (year === undefined)
    problems.push({
      code: 'voucher_no_financial_year',
      message: `Fortnox has no financial year for ${date}. Create that financial year in Fortnox (Inställningar → Bokföring → Räkenskapsår), then retry.`,
    });
  if (frame.lockedThrough !== null && date <= frame.lockedThrough)
    problems.push({
      code: 'voucher_locked_period',
      message: `${date} is in a locked period in Fortnox (locked through ${frame.lockedThrough}). Unlock the period in Fortnox if this day must still be booked, then retry.`,
    });
  if (year !== undefined) {
    const manual = frame.series.get(series);
    if (manual === undefined)
      problems.push({
        code: 'voucher_series_missing',
        message: `Voucher series “${series}” does not exist in Fortnox for the financial year ${year.from} – ${year.to}. Create it in Fortnox (Inställningar → Bokföring → Verifikationsserier) or choose another series in the settings.`,
      });
    else if (!manual)
      problems.push({
        code: 'voucher_series_not_manual',
        message: `Voucher series “${series}” does not allow manual entry (Manuell kontering) in Fortnox. Allow it for that series, or choose a series that does in the settings.`,
      });
  }
  const port = ctx.fortnox.vouchers;
  for (const account of new Set(rows.map((r) => r.account))) {
    const active = await cachedActive(accounts, ctx.tenantId, account, () => port.account(account));
    if (active === undefined)
      problems.push({
        code: 'voucher_account_missing',
        message: `Account ${account} is not in the Fortnox chart of accounts. Create it in Fortnox or map to another account, then retry.`,
      });
    else if (!active)
      problems.push({
        code: 'voucher_account_inactive',
        message: `Account ${account} is inactive in Fortnox. Activate it in Fortnox or map to another account, then retry.`,
      });
  }
  const centres = new Set(rows.flatMap((r) => (r.costCenter === undefined ? [] : [r.costCenter])));
  for (const code of centres) {
    const active = await cachedActive(costCenters, ctx.tenantId, code, () => port.costCenter(code));
    if (active === undefined)
      problems.push({
        code: 'voucher_cost_center_missing',
        message: `Cost centre “${code}” does not exist in Fortnox. Create it (Inställningar → Bokföring → Kostnadsställen) or change the cost centre mapping.`,
      });
    else if (!active)
      problems.push({
        code: 'voucher_cost_center_inactive',
        message: `Cost centre “${code}” is inactive in Fortnox. Activate it or change the cost centre mapping.`,
      });
  }
  if (problems.length > 0 || year === undefined) {
    // A person fixes these in Fortnox; the retry must see the fix, not what was cached.
    forgetVoucherFrame(ctx.tenantId);
    throw problemsError(problems);
  }
  return year.id;
}
