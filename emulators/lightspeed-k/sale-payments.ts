import { randomInt, randomUUID } from 'node:crypto';
import type { PaymentMethod } from './catalog.ts';
import { fiscalId, type Location, paymentMethod, type Register, referenceId } from './location.ts';
import { div, format, type Micro, money, mul, roundHalfEven, roundToStep, SCALE, toMicro } from './money.ts';
import type { Quirks } from './options.ts';
import type { CustomerInput, PaymentInput } from './sale-input.ts';
import type { ApiConsumer, ApiPayment } from './sale-json.ts';

/**
 * Payments of a bill, with the spec's rules: amounts and tips have two decimals, "rounded using
 * the half-even rounding mode" when they come from a computation (a bill split three ways, a 10 %
 * tip); cash is rounded to whole kronor (Swedish öresavrundning) and `roundingAmount` is "the
 * difference between the rounded amount actually paid (netAmountWithTax) and the amount payable
 * before rounding … negative when the amount was rounded down". A sale on account
 * (`type: ACCOUNTS_RECEIVABLE`) must name its customer: the service invoices that customer.
 */

export interface PaymentContext {
  location: Location;
  register: Register;
  staff: { id: number; name: string };
  at: number;
  currency: string;
  quirks: Quirks;
}

const KRONA = SCALE;

/** Turns the till's payment inputs into API payments that settle `payable` exactly (before cash rounding). */
export function buildPayments(inputs: PaymentInput[], payable: Micro, ctx: PaymentContext): ApiPayment[] {
  const sign = payable < 0n ? -1n : 1n;
  let remaining = payable * sign;
  const out: ApiPayment[] = [];
  const parts: { input: PaymentInput; amount: Micro }[] = [];
  for (const input of inputs) {
    const amount = input.amount === undefined ? remaining : toMicro(input.amount);
    if (amount > remaining) {
      throw new RangeError(
        `payments of ${money(payable * sign - remaining + amount)} exceed the bill of ${money(payable * sign)}`,
      );
    }
    remaining -= amount;
    for (const share of split(amount, input.split ?? 1)) parts.push({ input, amount: share });
  }
  if (remaining !== 0n) {
    throw new RangeError(
      `payments of ${money(payable * sign - remaining)} do not cover the bill of ${money(payable * sign)}`,
    );
  }
  parts.forEach(({ input, amount }, i) => {
    out.push(payment(input, amount * sign, ctx, ctx.at - (parts.length - i) * 70));
  });
  return out;
}

/** N payments of an amount: each the half-even öre share, the last one takes what is left. */
export function split(amount: Micro, n: number): Micro[] {
  if (n === 1) return [amount];
  const share = roundHalfEven(div(amount, BigInt(n) * SCALE), 2);
  return [...Array.from({ length: n - 1 }, () => share), amount - share * BigInt(n - 1)];
}

function payment(input: PaymentInput, amount: Micro, ctx: PaymentContext, fiscAt: number): ApiPayment {
  const pm = paymentMethod(ctx.location, input.method);
  const onAccount = pm.type === 'ACCOUNTS_RECEIVABLE';
  if (onAccount && !named(input.customer)) {
    throw new RangeError(
      `a sale on account (${pm.code}) needs a customer with a company name or a first and last name`,
    );
  }
  if (input.tip !== undefined && input.tipPercent !== undefined)
    throw new RangeError('give tip or tipPercent, not both');
  if (onAccount && (input.tip !== undefined || input.tipPercent !== undefined)) {
    throw new RangeError('a tip cannot be put on account');
  }
  const tip =
    input.tip !== undefined
      ? toMicro(input.tip)
      : input.tipPercent !== undefined
        ? roundHalfEven(mul(amount < 0n ? -amount : amount, toMicro(input.tipPercent) / 100n), 2)
        : 0n;
  const paid = pm.cashRounding ? roundToStep(amount, KRONA) : amount;
  const net = ctx.quirks.tipOnTop ? paid : paid + tip;
  return {
    code: pm.code,
    description: pm.name,
    paymentMethodId: pm.pmId,
    netAmountWithTax: money(net),
    currency: ctx.currency,
    tip: money(tip),
    ...(input.customer === undefined ? {} : { consumer: consumer(input.customer, ctx.location) }),
    type: pm.type,
    deviceId: String(ctx.register.deviceId),
    deviceName: ctx.register.deviceName,
    staffId: ctx.staff.id,
    staffName: ctx.staff.name,
    ...(pm.code === 'CARD' ? { authorization: String(randomInt(100000, 999999)) } : {}),
    ...(input.reference !== undefined
      ? { externalReference: input.reference }
      : pm.code === 'SWISH'
        ? { externalReference: randomUUID().replace(/-/g, '').toUpperCase() }
        : {}),
    revenueCenter: ctx.location.revenueCenter.name,
    revenueCenterId: ctx.location.revenueCenter.id,
    fiscId: fiscalId(ctx.register, 'payment'),
    uuid: referenceId(),
    fiscDate: new Date(fiscAt).toISOString(),
    surcharge: '0.00',
    roundingAmount: format(paid - amount, 2),
  };
}

function named(c: CustomerInput | undefined): boolean {
  return (
    c !== undefined && (Boolean(c.companyName?.trim()) || (Boolean(c.firstName?.trim()) && Boolean(c.lastName?.trim())))
  );
}

/** The customer as `consumer` shows it. No e-mail address: the emulator never stores one (house rule). */
function consumer(c: CustomerInput, location: Location): ApiConsumer {
  const customerId = c.customerId ?? location.nextCustomerId++;
  const { customerId: _ignored, ...rest } = c;
  return { id: randomUUID(), customerId, ...rest };
}

/** A payment moved to another method (a back-office payment-method change), amounts kept. */
export function retargetPayment(p: ApiPayment, to: PaymentMethod): ApiPayment {
  const base = toMicro(p.netAmountWithTax) - toMicro(p.roundingAmount);
  const paid = to.cashRounding ? roundToStep(base, KRONA) : base;
  const { authorization: _a, externalReference: _e, ...rest } = p;
  return {
    ...rest,
    code: to.code,
    description: to.name,
    paymentMethodId: to.pmId,
    type: to.type,
    netAmountWithTax: money(paid),
    roundingAmount: format(paid - base, 2),
  };
}
