import { fiscalId, type Location, paymentMethod, type Register, referenceId, registerOf } from './location.ts';
import { format, type Micro, roundHalfEven, sum, toMicro } from './money.ts';
import { type CorrectionInput, CorrectionInput as CorrectionSchema, type CustomerInput } from './sale-input.ts';
import type { ApiConsumer, ApiLine, ApiPayment, ApiSale, SaleType } from './sale-json.ts';
import { type BuiltLine, negatedLine } from './sale-lines.ts';
import { buildPayments, retargetPayment } from './sale-payments.ts';
import type { LightspeedState, StoredSale } from './state.ts';

/**
 * Returns and back-office changes to an earlier sale: a refund (REFUND sale linked by
 * `source.initialAccountId`/`previousAccountId`, "for example, in the case of a refund"), a
 * payment-method change and a cancel ("Backoffice modifications (payment method change and
 * canceling)" in the V2 tag text). On a day still open they land in that day. On a closed day the
 * quirk `correctionsDatedTo` decides: 'performed' puts a new REFUND/UPDATE/CANCEL sale on today's
 * business day (V2 as documented), 'original' changes the closed day itself — a late change the
 * service must notice by reading the day again.
 */

export function correct(state: LightspeedState, raw: unknown): StoredSale {
  const input: CorrectionInput = CorrectionSchema.parse(raw);
  const original = state.findSale(input.sale, input.location);
  const location = state.location(original.location);
  if (original.sale.type !== 'SALE') throw new RangeError(`${input.sale} is a ${original.sale.type}, not a sale`);
  if (original.sale.cancelled) throw new RangeError(`${input.sale} is cancelled`);
  const now = state.clock.now();
  const closed = state.days.closedAt(location, original.businessDate, now) !== undefined;
  const inPlace = closed && state.opts.quirks.correctionsDatedTo === 'original';
  const date = closed && !inPlace ? state.days.dayForSale(location, now) : original.businessDate;
  const which = input.kind === 'refund' ? input.register : undefined;
  const register = which === undefined ? deviceOf(location, original.sale) : registerOf(location, which);
  const counters = structuredClone(register.next);
  try {
    if (input.kind === 'refund') return refund(state, input, original, location, register, date, now);
    if (input.kind === 'cancel' && takenBack(state, original.sale).size > 0) {
      throw new RangeError(`${input.sale} was partly refunded; refund the rest instead`);
    }
    if (inPlace) return changeInPlace(state, input, original, location, now);
    if (input.kind === 'cancel') {
      const lines = original.sale.salesLines.map((l) =>
        negatedLine(l, register, toMicro(l.quantity), state.opts.quirks),
      );
      const payments = (original.sale.payments ?? []).map((p) => negated(p, register, now));
      const sale = linked(original.sale, 'CANCEL', register, now, lines, payments, input.reason);
      return state.store(location, date, sale, 'cancel');
    }
    const to = paymentMethod(location, input.to);
    if (to.type === 'ACCOUNTS_RECEIVABLE') throw new RangeError('a payment cannot be moved onto account afterwards');
    const moved = (original.sale.payments ?? []).filter((p) => p.code === input.from);
    if (moved.length === 0) throw new RangeError(`${input.sale} has no ${input.from} payment`);
    const payments = moved.flatMap((p) => [
      negated(p, register, now),
      { ...fresh(retargetPayment(p, to), register, now) },
    ]);
    return state.store(location, date, linked(original.sale, 'UPDATE', register, now, [], payments), 'change-payment');
  } catch (e) {
    register.next = counters;
    throw e;
  }
}

function refund(
  state: LightspeedState,
  input: Extract<CorrectionInput, { kind: 'refund' }>,
  original: StoredSale,
  location: Location,
  register: Register,
  date: string,
  now: number,
): StoredSale {
  const taken = takenBack(state, original.sale);
  const wanted = new Map<string, Micro>();
  for (const l of input.lines ?? []) wanted.set(l.sku, (wanted.get(l.sku) ?? 0n) + toMicro(l.quantity ?? 1));
  const lines: BuiltLine[] = [];
  const takes: [string, Micro][] = [];
  for (const line of original.sale.salesLines) {
    const left = toMicro(line.quantity) - (taken.get(line.id) ?? 0n);
    const ask = input.lines === undefined ? left : (wanted.get(line.sku) ?? 0n);
    const qty = ask > left ? left : ask;
    if (qty <= 0n) continue;
    if (input.lines !== undefined) wanted.set(line.sku, ask - qty);
    lines.push(negatedLine(line, register, qty, state.opts.quirks));
    takes.push([line.id, qty]);
  }
  for (const [sku, rest] of wanted) {
    if (rest > 0n) throw new RangeError(`${original.sale.accountFiscId} has no more of sku ${sku} to take back`);
  }
  if (lines.length === 0) throw new RangeError(`${original.sale.accountFiscId} has nothing left to refund`);
  const payable = roundHalfEven(sum(lines.map((l) => l.withTax)), 2);
  const method = input.method ?? original.sale.payments?.[0]?.code ?? 'CASH';
  const consumer = (original.sale.payments ?? []).find((p) => p.code === method)?.consumer;
  const staff = { id: state.staffId('Kassör'), name: 'Kassör' };
  const ctx = {
    location,
    register,
    staff,
    at: now,
    currency: state.businessOf(location).currencyCode,
    quirks: state.opts.quirks,
  };
  const payments = buildPayments([{ method, ...(consumer ? { customer: customerOf(consumer) } : {}) }], payable, ctx);
  const sale = linked(original.sale, 'REFUND', register, now, lines, payments, input.reason);
  const stored = state.store(location, date, sale, 'refund');
  for (const [id, qty] of takes) taken.set(id, (taken.get(id) ?? 0n) + qty);
  return stored;
}

function customerOf(c: ApiConsumer): CustomerInput {
  const { id: _id, ...rest } = c;
  return rest;
}

/** 'original' dating: the closed day's sale itself changes (V1's "Modifications appear on the original transaction date"). */
function changeInPlace(
  state: LightspeedState,
  input: Exclude<CorrectionInput, { kind: 'refund' }>,
  original: StoredSale,
  location: Location,
  now: number,
): StoredSale {
  const sale = original.sale;
  if (input.kind === 'cancel') {
    sale.cancelled = true;
    if (input.reason !== undefined) sale.voidReason = input.reason;
  } else {
    const to = paymentMethod(location, input.to);
    if (to.type === 'ACCOUNTS_RECEIVABLE') throw new RangeError('a payment cannot be moved onto account afterwards');
    if (!(sale.payments ?? []).some((p) => p.code === input.from))
      throw new RangeError(`${sale.accountFiscId} has no ${input.from} payment`);
    sale.payments = (sale.payments ?? []).map((p) => (p.code === input.from ? retargetPayment(p, to) : p));
  }
  const late = state.days.dataComplete(location, original.businessDate, now);
  state.days.changed(location, original.businessDate, now);
  state.events.emit('correction', {
    location: location.blID,
    businessDate: original.businessDate,
    sale,
    kind: input.kind,
    lateChange: late,
  });
  return original;
}

/** Whether anything of a sale is left to take back (the till hides Return otherwise). */
export function refundable(state: LightspeedState, sale: ApiSale): boolean {
  if (sale.type !== 'SALE' || sale.cancelled) return false;
  const taken = takenBack(state, sale);
  return sale.salesLines.some((l) => toMicro(l.quantity) > (taken.get(l.id) ?? 0n));
}

/** Quantities already taken back per original line id, from the REFUND sales linked to it. */
const takenByState = new WeakMap<LightspeedState, Map<string, Map<string, Micro>>>();
function takenBack(state: LightspeedState, sale: ApiSale): Map<string, Micro> {
  let all = takenByState.get(state);
  if (!all) {
    all = new Map();
    takenByState.set(state, all);
  }
  let m = all.get(sale.accountFiscId);
  if (!m) {
    m = new Map();
    all.set(sale.accountFiscId, m);
  }
  return m;
}

function linked(
  original: ApiSale,
  type: SaleType,
  register: Register,
  now: number,
  lines: BuiltLine[],
  payments: ApiPayment[],
  reason?: string,
): ApiSale {
  const accountFiscId = fiscalId(register, 'account');
  const { tableNumber: _t, tableName: _n, voidReason: _v, externalFiscalNumber: _x, ...rest } = original;
  return {
    ...rest,
    accountReference: referenceId(),
    accountFiscId,
    receiptId: fiscalId(register, 'receipt'),
    source: { initialAccountId: original.source.initialAccountId, previousAccountId: original.accountFiscId },
    salesLines: lines.map((l): ApiLine => l.json),
    payments,
    timeOfOpening: new Date(now - 30_000).toISOString(),
    timeClosed: new Date(now).toISOString(),
    cancelled: false,
    type,
    externalReferences: [],
    deviceId: register.deviceId,
    deviceName: register.deviceName,
    ...(type === 'CANCEL' && reason !== undefined ? { voidReason: reason } : {}),
  };
}

function negated(p: ApiPayment, register: Register, now: number): ApiPayment {
  const neg = (s: string): string => format(-toMicro(s), 2);
  return fresh(
    { ...p, netAmountWithTax: neg(p.netAmountWithTax), tip: neg(p.tip), roundingAmount: neg(p.roundingAmount) },
    register,
    now,
  );
}

function fresh(p: ApiPayment, register: Register, now: number): ApiPayment {
  const { authorization: _a, ...rest } = p;
  return {
    ...rest,
    deviceId: String(register.deviceId),
    deviceName: register.deviceName,
    fiscId: fiscalId(register, 'payment'),
    uuid: referenceId(),
    fiscDate: new Date(now).toISOString(),
  };
}

function deviceOf(location: Location, sale: ApiSale): Register {
  return location.registers.find((r) => r.deviceId === sale.deviceId) ?? registerOf(location, undefined);
}
