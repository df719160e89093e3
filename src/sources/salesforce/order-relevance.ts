import { OPPORTUNITY_INPUT_FIELDS } from './fields.ts';
import { isActivated } from './order-reader.ts';
import type { ListenerJobName } from './relevance.ts';

/**
 * When an Order change is worth a job, read like a deal's: activation is "won", deactivation is
 * "lost" (the document is withdrawn by the same rules), and an activated Order's billing fields
 * amend it. Order Product edits reach us as the Order's TotalAmount roll-up.
 */

// Fields the Fortnox document is built from (order-reader.ts). Name, Type and owner never reach it.
export const ORDER_BILLING_FIELDS: ReadonlySet<string> = new Set([
  'TotalAmount',
  'EffectiveDate',
  'AccountId',
  'Pricebook2Id',
  'CurrencyIsoCode',
  'PoNumber',
  'OpportunityId',
  OPPORTUNITY_INPUT_FIELDS.company,
]);

const topField = (field: string) => field.split('.')[0] ?? field;

export function orderJob(
  type: string,
  payload: Record<string, unknown>,
  changed: readonly string[],
): { name: ListenerJobName | undefined; reason: string } {
  const statusTouched = type === 'CREATE' || changed.includes('Status') || changed.includes('StatusCode');
  if (statusTouched && isActivated(payload)) return { name: 'invoice.create', reason: 'order:activated' };
  if (type !== 'UPDATE') return { name: undefined, reason: 'order:created_not_activated' };
  if (statusTouched) return { name: 'invoice.amend', reason: 'order:deactivated' };
  if (changed.some((f) => ORDER_BILLING_FIELDS.has(topField(f))))
    return { name: 'invoice.amend', reason: 'order:billing_changed' };
  return { name: undefined, reason: 'order:no_billing_change' };
}
