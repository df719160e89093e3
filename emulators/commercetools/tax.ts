import type {
  CentPrecisionMoney,
  RoundingMode,
  TaxCalculationMode,
  TaxedItemPrice,
  TaxedPrice,
  TaxPortion,
  TaxRate,
} from '@commercetools/platform-sdk';
import { applyRate, money, netOfGross, taxOfGross } from './money.ts';

/**
 * Taxed prices the way Composable Commerce computes them [CT types/cart/{TaxMode,TaxCalculationMode,
 * TaxPortion,TaxedPrice}.raml; release note 2026-09-21 "tax rounding target"]:
 * - net prices (`includedInPrice: false`): tax = round(net × rate), gross = net + tax;
 * - gross prices: net = round(gross / (1 + rate)) and tax = gross − net (target `Net`, the default), or
 *   tax = round(gross × rate / (1 + rate)) and net = gross − tax (target `Tax`);
 * - `LineItemLevel` (default) taxes the line total, `UnitPriceLevel` taxes one unit and multiplies;
 * - the Cart's `taxedPrice` adds up the items' (already rounded) amounts, and portions with the same
 *   rate and name are accumulated into one [TaxPortion.raml]. Rounding is the Cart's `taxRoundingMode`.
 * A Tax Rate with sub-rates yields one portion per sub-rate, the last one taking the remainder.
 */

type RateInput = TaxRate & { taxRoundingTarget?: 'Net' | 'Tax' };

function split(gross: number, rate: RateInput, mode: RoundingMode): { net: number; tax: number } {
  if (!rate.includedInPrice) {
    const tax = applyRate(gross, rate.amount, mode);
    return { net: gross, tax };
  }
  if (rate.taxRoundingTarget === 'Tax') {
    const tax = taxOfGross(gross, rate.amount, mode);
    return { net: gross - tax, tax };
  }
  const net = netOfGross(gross, rate.amount, mode);
  return { net, tax: gross - net };
}

function portionsOf(net: number, tax: number, rate: RateInput, currency: string, mode: RoundingMode): TaxPortion[] {
  const subRates = rate.subRates ?? [];
  if (subRates.length === 0) return [{ rate: rate.amount, amount: money(currency, tax), name: rate.name }];
  let left = tax;
  return subRates.map((sub, i) => {
    const amount = i === subRates.length - 1 ? left : applyRate(net, sub.amount, mode);
    left -= amount;
    return { rate: sub.amount, amount: money(currency, amount), name: sub.name };
  });
}

/** The taxed price of one (custom) line item or of the shipping costs. */
export function taxItem(
  total: CentPrecisionMoney,
  quantity: number,
  rate: RateInput,
  calculation: TaxCalculationMode,
  mode: RoundingMode,
): TaxedItemPrice {
  const currency = total.currencyCode;
  let net: number;
  let tax: number;
  if (calculation === 'UnitPriceLevel' && quantity !== 0 && total.centAmount % quantity === 0) {
    const unit = split(total.centAmount / quantity, rate, mode);
    net = unit.net * quantity;
    tax = unit.tax * quantity;
  } else {
    ({ net, tax } = split(total.centAmount, rate, mode));
  }
  return {
    totalNet: money(currency, net),
    totalGross: money(currency, net + tax),
    taxPortions: portionsOf(net, tax, rate, currency, mode),
    totalTax: money(currency, tax),
  };
}

/** ExternalAmount: the gross and the rate come from outside; the net is the item's own total [TaxMode.raml]. */
export function externalAmountItem(
  total: CentPrecisionMoney,
  gross: CentPrecisionMoney,
  rate: RateInput,
  mode: RoundingMode,
): TaxedItemPrice {
  const currency = total.currencyCode;
  const tax = gross.centAmount - total.centAmount;
  return {
    totalNet: money(currency, total.centAmount),
    totalGross: money(currency, gross.centAmount),
    taxPortions: portionsOf(total.centAmount, tax, rate, currency, mode),
    totalTax: money(currency, tax),
  };
}

/** Adds item taxed prices; portions accumulate by rate + name. Undefined when any item is untaxed. */
export function sumTaxed(items: ReadonlyArray<TaxedItemPrice | undefined>, currency: string): TaxedPrice | undefined {
  if (items.some((i) => i === undefined)) return undefined;
  let net = 0;
  let gross = 0;
  const portions = new Map<string, TaxPortion>();
  for (const item of items as TaxedItemPrice[]) {
    net += item.totalNet.centAmount;
    gross += item.totalGross.centAmount;
    for (const p of item.taxPortions) {
      const key = `${p.rate}|${p.name ?? ''}`;
      const prev = portions.get(key);
      const amount = (prev?.amount.centAmount ?? 0) + p.amount.centAmount;
      portions.set(key, {
        rate: p.rate,
        amount: money(currency, amount),
        ...(p.name === undefined ? {} : { name: p.name }),
      });
    }
  }
  return {
    totalNet: money(currency, net),
    totalGross: money(currency, gross),
    taxPortions: [...portions.values()],
    totalTax: money(currency, gross - net),
  };
}

/** ExternalAmount Cart total (`setCartTotalTax`): gross given; net = gross − portions, or the items' net. */
export function externalCartTotal(
  gross: CentPrecisionMoney,
  portions: TaxPortion[] | undefined,
  items: ReadonlyArray<TaxedItemPrice | undefined>,
): TaxedPrice {
  const currency = gross.currencyCode;
  const summed = sumTaxed(items, currency);
  const list = portions ?? summed?.taxPortions ?? [];
  const taxTotal = list.reduce((s, p) => s + p.amount.centAmount, 0);
  const net = portions || !summed ? gross.centAmount - taxTotal : summed.totalNet.centAmount;
  return {
    totalNet: money(currency, net),
    totalGross: gross,
    taxPortions: list,
    totalTax: money(currency, gross.centAmount - net),
  };
}
