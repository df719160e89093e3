import { type PaymentMode, parsePaymentModes } from '../core/settings.ts';
import { NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';

/**
 * Which Fortnox mode of payment (and account) a payment method books on. The setting “Modes of
 * payment” decides first. A method it does not name uses the company's own mode of payment with
 * the conventional code for it (card → KORT, swish → SWISH, bank → BG, cash → K — also when a
 * provider names them its own way, adyen:scheme or stripe:card — or the method's name, e.g. KLARNA)
 * and that mode's account in Fortnox — so a company whose Fortnox has the usual
 * modes registers shop payments with no setting at all, and the account is always the company's own
 * choice, never ours. The modes are read once per tenant and again after ten minutes.
 */

const TTL_MS = 10 * 60_000;
// A miss reads the list again, but not more than once a minute: a burst of unmapped payments costs one read.
const MISS_TTL_MS = 60_000;
type Mode = { Code: string; AccountNumber: number | null };
const cache = new Map<string, { at: number; modes: Mode[] }>();

// [unverified] Fortnox's usual codes for a new company's modes of payment (the emulator seeds these).
const CONVENTIONAL_CODES: Readonly<Record<string, readonly string[]>> = {
  card: ['KORT', 'KK', 'CARD'],
  swish: ['SWISH'],
  bank: ['BG', 'BANK'],
  cash: ['K', 'KONTANT'],
};

export async function fortnoxModes(ctx: SinkContext, fresh = false): Promise<Mode[]> {
  const hit = cache.get(ctx.tenantId);
  if (hit !== undefined && Date.now() - hit.at < (fresh ? MISS_TTL_MS : TTL_MS)) return hit.modes;
  const modes = await ctx.fortnox.modesOfPayment();
  cache.set(ctx.tenantId, { at: Date.now(), modes });
  return modes;
}

/** Forget the cached modes (a refused payment, a changed setting; tests). */
export function forgetModes(tenantId?: string): void {
  if (tenantId === undefined) cache.clear();
  else cache.delete(tenantId);
}

function configured(ctx: SinkContext, method: string): PaymentMode | undefined {
  const modes = parsePaymentModes(ctx.settings.paymentModes);
  // The setting is validated when saved; a malformed one stored earlier is still said plainly.
  if (typeof modes === 'string')
    throw new NeedsAttentionError(`The setting “Modes of payment” is invalid: ${modes}`, 'payment_modes_invalid');
  return modes.get(method);
}

// [unverified] What shops and payment providers call these methods: commercetools names
// `{paymentInterface}:{method}` (stripe:card, adyen:scheme), BigCommerce a gateway.method, Woo a gateway id.
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  card: ['card', 'cards', 'credit_card', 'creditcard', 'debit_card', 'scheme', 'visa', 'mastercard', 'amex'],
  swish: ['swish'],
  bank: ['bank', 'bank_transfer', 'banktransfer', 'bacs', 'sepa_debit', 'giro'],
  cash: ['cash', 'cod', 'kontant'],
};

/** The conventional family of a method named with or without its provider: "adyen:scheme" → card. */
export function methodFamily(method: string): string | undefined {
  const parts = [method, ...method.split(/[:.]/).slice(1)];
  for (const part of parts)
    for (const [family, names] of Object.entries(FAMILIES)) if (names.includes(part)) return family;
  return undefined;
}

function conventional(method: string, modes: readonly Mode[]): PaymentMode | undefined {
  const family = methodFamily(method);
  const codes = [...(CONVENTIONAL_CODES[family ?? method] ?? []), method.toUpperCase()];
  for (const code of codes) {
    const mode = modes.find((m) => m.Code.toUpperCase() === code);
    if (mode !== undefined && mode.AccountNumber !== null) return { code: mode.Code, account: mode.AccountNumber };
  }
  return undefined;
}

/** The mode of payment for `method`, checked against the company's modes; a plain message otherwise. */
export async function paymentMode(ctx: SinkContext, rawMethod: string): Promise<PaymentMode> {
  const method = rawMethod.trim().toLowerCase() || 'unknown';
  const set = configured(ctx, method);
  let modes = await fortnoxModes(ctx);
  if (set !== undefined) {
    // A mode made in Fortnox after the list was read is found by reading it again once.
    if (!modes.some((m) => m.Code === set.code)) modes = await fortnoxModes(ctx, true);
    if (modes.some((m) => m.Code === set.code)) return set;
    throw new NeedsAttentionError(
      `Fortnox has no mode of payment “${set.code}”, which the setting “Modes of payment” names for “${rawMethod}”. Create it in Fortnox (Inställningar → Bokföring → Betalningssätt) or correct the setting; saving the setting sends the payment again.`,
      'payment_mode_unknown',
    );
  }
  const found = conventional(method, modes) ?? conventional(method, await fortnoxModes(ctx, true));
  if (found !== undefined) return found;
  const code = (CONVENTIONAL_CODES[methodFamily(method) ?? method]?.[0] ?? method.toUpperCase()).slice(0, 30);
  throw new NeedsAttentionError(
    `The payment method “${method}” has no Fortnox mode of payment, so the payment was not registered. Either create a mode of payment with code ${code} in Fortnox (Inställningar → Bokföring → Betalningssätt) on the account this money arrives on — it is then used by itself — or add ${method}=CODE:account to the setting “Modes of payment” in the dashboard (Settings), for example ${method}=${code}:1580; either way, retry the payment (saving the setting sends it again).`,
    'payment_method_unmapped',
  );
}
