import { taxCodeOn } from './catalog.ts';
import { fiscalId, type Location, menuItem, type Register, taxRate } from './location.ts';
import { div, format, type Micro, money, mul, roundHalfEven, SCALE, share, shortest, toMicro } from './money.ts';
import type { Quirks } from './options.ts';
import type { LineInput } from './sale-input.ts';
import type { ApiLine } from './sale-json.ts';

/**
 * Sales lines of a tax-inclusive business (every Swedish till): the menu price includes VAT, so
 * `totalNetAmountWithTax` = price × quantity − discounts, and the net and the tax are derived from
 * it at six decimals (`taxLines[].taxAmount` "1.666667"), never rounded to öre on the line. The
 * till rounds once, on the bill; whoever books the day must sum unrounded and round per account.
 */

export interface LineContext {
  location: Location;
  register: Register;
  staff: { id: number; name: string };
  businessDate: string;
  at: number;
  currency: string;
  quirks: Quirks;
}

export interface BuiltLine {
  json: ApiLine;
  /** Exact amount including VAT, in micro-units, for the bill. */
  withTax: Micro;
}

const HUNDRED = 100n * SCALE;

export function buildLines(
  inputs: LineInput[],
  ctx: LineContext,
  accountDiscountPercent?: number,
  accountDiscountName?: string,
): BuiltLine[] {
  const out: BuiltLine[] = [];
  inputs.forEach((input, index) => {
    if (input.modifierOf !== undefined && input.modifierOf >= index) {
      throw new RangeError(`line ${index + 1} modifies line ${input.modifierOf + 1}, which does not come before it`);
    }
    const parent = input.modifierOf === undefined ? undefined : out[input.modifierOf]?.json.id;
    out.push(buildLine(input, ctx, index, parent, accountDiscountPercent, accountDiscountName));
  });
  return out;
}

function buildLine(
  input: LineInput,
  ctx: LineContext,
  index: number,
  parentLineId: string | undefined,
  accountDiscountPercent: number | undefined,
  accountDiscountName: string | undefined,
): BuiltLine {
  const item = menuItem(ctx.location, input.sku);
  const quantity = toMicro(input.quantity);
  if (!item.weighed && quantity % SCALE !== 0n) {
    throw new RangeError(`${item.name} is sold by the piece, not by weight (quantity ${format(quantity, 3)})`);
  }
  const price = toMicro(input.price ?? item.price);
  const gross = mul(price, quantity);
  if (input.discountAmount !== undefined && input.discountPercent !== undefined) {
    throw new RangeError(`line ${index + 1}: give discountAmount or discountPercent, not both`);
  }
  const discount =
    input.discountAmount !== undefined
      ? toMicro(input.discountAmount)
      : input.discountPercent !== undefined
        ? mul(gross, percent(input.discountPercent))
        : 0n;
  if (discount > gross) throw new RangeError(`line ${index + 1}: the discount is more than the line`);
  const accountDiscount =
    accountDiscountPercent === undefined ? 0n : mul(gross - discount, percent(accountDiscountPercent));
  const d = ctx.quirks.lineDecimals;
  const withTax = roundHalfEven(gross - discount - accountDiscount, d);
  const rate = taxRate(ctx.location, taxCodeOn(item, ctx.businessDate));
  const ratePercent = toMicro(rate.percent);
  const withoutTax = roundHalfEven(div(withTax * 100n, HUNDRED + ratePercent), d);
  const tax = withTax - withoutTax;
  const group = ctx.location.catalog.accountingGroups.find((g) => g.name === item.group);
  if (!group) throw new Error(`item ${item.sku} names the unknown accounting group ${item.group}`);
  const json: ApiLine = {
    id: fiscalId(ctx.register, 'line'),
    ...(parentLineId === undefined ? {} : { parentLineId }),
    totalNetAmountWithTax: format(withTax, d),
    totalNetAmountWithoutTax: format(withoutTax, d),
    menuListPrice: money(toMicro(item.price)),
    unitCostPrice: money(toMicro(item.unitCostPrice)),
    serviceCharge: '0.00',
    serviceChargeType: 'NO_SERVICE_CHARGE',
    serviceChargeRate: '0.00',
    discountAmount: format(roundHalfEven(discount, d), d),
    taxCode: rate.code,
    taxAmount: money(tax, ctx.quirks.lineTaxDecimals),
    taxRatePercentage: rate.percent,
    taxLines: [
      {
        taxId: rate.taxId,
        taxCode: rate.code,
        taxRate: shortest((HUNDRED + ratePercent) / 100n),
        taxAmount: format(tax, d),
        taxIncluded: true,
      },
    ],
    ...(discount === 0n
      ? {}
      : {
          discountType: 'DISCOUNT',
          discountCode: input.discountPercent === undefined ? 'AMOUNT' : `${input.discountPercent}PCT`,
          discountName:
            input.discountName ?? (input.discountPercent === undefined ? 'Rabatt' : `${input.discountPercent}% rabatt`),
        }),
    ...(accountDiscount === 0n
      ? {}
      : {
          accountDiscountAmount: money(accountDiscount),
          accountDiscountType: 'DISCOUNT',
          accountDiscountCode: `${accountDiscountPercent}PCT`,
          accountDiscountName: accountDiscountName ?? 'Personalrabatt',
        }),
    totalDiscountAmount: money(discount + accountDiscount),
    sku: item.sku,
    name: item.name,
    ...(input.nameOverride === undefined ? {} : { nameOverride: input.nameOverride }),
    statisticGroup: group.name,
    quantity: format(quantity, 3),
    accountingGroup: {
      accountingGroupId: group.accountingGroupId,
      name: group.name,
      statisticGroup: group.name,
      code: group.code,
    },
    currency: ctx.currency,
    tags: [],
    revenueCenter: ctx.location.revenueCenter.name,
    revenueCenterId: ctx.location.revenueCenter.id,
    categories: [{ category: 'default', value: group.name }],
    timeOfSale: new Date(ctx.at - 60_000 + index * 1000).toISOString(),
    staffId: ctx.staff.id,
    staffName: ctx.staff.name,
    deviceId: ctx.register.deviceId,
    deviceName: ctx.register.deviceName,
    accountProfileCode: 'DEFAULT',
  };
  return { json, withTax };
}

function percent(p: number): Micro {
  return toMicro(p) / 100n;
}

/** `quantity` of a line taken back: quantity and every amount negated, for a REFUND or CANCEL sale. */
export function negatedLine(line: ApiLine, register: Register, quantity: Micro, quirks: Quirks): BuiltLine {
  const d = quirks.lineDecimals;
  const whole = toMicro(line.quantity);
  const scaled = (s: string, dp: number): Micro => roundHalfEven(-share(toMicro(s), quantity, whole), dp);
  const withTax = scaled(line.totalNetAmountWithTax, d);
  const withoutTax = scaled(line.totalNetAmountWithoutTax, d);
  const tax = withTax - withoutTax;
  const json: ApiLine = structuredClone(line);
  json.id = fiscalId(register, 'line');
  delete json.parentLineId;
  json.quantity = format(scaled(line.quantity, 3), 3);
  json.totalNetAmountWithTax = format(withTax, d);
  json.totalNetAmountWithoutTax = format(withoutTax, d);
  json.discountAmount = format(scaled(line.discountAmount, d), d);
  json.taxAmount = money(tax, quirks.lineTaxDecimals);
  json.totalDiscountAmount = format(scaled(line.totalDiscountAmount, 2), 2);
  if (line.accountDiscountAmount !== undefined) {
    json.accountDiscountAmount = format(scaled(line.accountDiscountAmount, 2), 2);
  }
  for (const t of json.taxLines) t.taxAmount = format(tax, d);
  json.deviceId = register.deviceId;
  json.deviceName = register.deviceName;
  return { json, withTax };
}
