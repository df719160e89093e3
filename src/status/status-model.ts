import type { SyncState } from '../core/sync-state.ts';

/**
 * What a Fortnox invoice's fields say about its status (reference §6). Pure: no clock, no I/O —
 * "today" is an argument, so the overdue rule is testable and the daily job and the poller agree.
 *
 * Precedence, first match wins:
 *   1. Cancelled                      → cancelled   (only an unbooked invoice can be cancelled)
 *   2. CreditInvoiceReference ≠ "0"   → credited    (only a booked invoice can be credited)
 *   3. not Booked                     → draft, or sent when Sent (nothing can be paid yet)
 *   4. Booked, Balance 0              → paid        (FinalPayDate must be set)
 *   5. Booked, open, DueDate < today  → overdue     (outranks partly paid: money is late either way)
 *   6. Booked, 0 < Balance < Total    → partially_paid
 *   7. Booked, Balance = Total        → sent when Sent, else booked
 * Anything else — a booked and cancelled invoice, payments on a draft, an overpaid or
 * sign-flipped balance, a settled invoice without FinalPayDate — maps to nothing: the caller alerts
 * and keeps the record's state. There is no default branch that guesses (aesthetics P10).
 */

export const INVOICE_STATUSES = [
  'draft',
  'booked',
  'sent',
  'partially_paid',
  'paid',
  'overdue',
  'credited',
  'cancelled',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number] & SyncState;

export interface InvoiceSignals {
  documentNumber: string;
  booked: boolean;
  cancelled: boolean;
  sent: boolean;
  balance: number;
  total: number;
  finalPayDate: string | null;
  dueDate: string | null;
  /** The credit invoice's number, "0"/"" when none; null when the source cannot tell (list items lack it). */
  creditInvoiceReference: string | null;
}

export type StatusReading =
  | { kind: 'mapped'; status: InvoiceStatus; because: string }
  | { kind: 'unmapped'; reason: string };

type Lifecycle = 'cancelled' | 'credited' | 'unbooked' | 'booked';
type Settlement = 'open' | 'partly' | 'settled' | 'overpaid';

const cents = (amount: number): number => Math.round(amount * 100);

function lifecycleOf(s: InvoiceSignals): Lifecycle {
  if (s.cancelled) return 'cancelled';
  const credit = s.creditInvoiceReference;
  if (credit !== null && credit !== '' && credit !== '0') return 'credited';
  return s.booked ? 'booked' : 'unbooked';
}

/** Compares in cents and by sign, so credit-like negative totals follow the same rules. */
function settlementOf(s: InvoiceSignals): Settlement {
  const balance = cents(s.balance);
  const total = cents(s.total);
  if (balance === 0) return 'settled';
  if (balance === total) return 'open';
  const sameSign = Math.sign(balance) === Math.sign(total);
  return sameSign && Math.abs(balance) < Math.abs(total) ? 'partly' : 'overpaid';
}

const mapped = (status: InvoiceStatus, because: string): StatusReading => ({ kind: 'mapped', status, because });
const unmapped = (reason: string): StatusReading => ({ kind: 'unmapped', reason });

function assertNever(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}

function readBooked(s: InvoiceSignals, settlement: Settlement, today: string): StatusReading {
  switch (settlement) {
    case 'settled':
      return s.finalPayDate !== null
        ? mapped('paid', `balance 0, fully paid ${s.finalPayDate}`)
        : unmapped('booked with balance 0 but no FinalPayDate');
    case 'overpaid':
      return unmapped(`balance ${s.balance} is outside 0…${s.total} (overpaid or sign mismatch)`);
    case 'open':
    case 'partly': {
      if (s.finalPayDate !== null)
        return unmapped(`balance ${s.balance} still open but FinalPayDate ${s.finalPayDate} is set`);
      if (s.dueDate !== null && s.dueDate < today)
        return mapped('overdue', `balance ${s.balance} open after due date ${s.dueDate}`);
      if (settlement === 'partly') return mapped('partially_paid', `balance ${s.balance} of ${s.total}`);
      return s.sent ? mapped('sent', 'booked and sent, unpaid') : mapped('booked', 'booked, unpaid');
    }
    default:
      return assertNever(settlement);
  }
}

/** The status an invoice is in on `today` (YYYY-MM-DD, Stockholm), or why none fits. */
export function readInvoiceStatus(s: InvoiceSignals, today: string): StatusReading {
  const lifecycle = lifecycleOf(s);
  const settlement = settlementOf(s);
  switch (lifecycle) {
    case 'cancelled':
      return s.booked
        ? unmapped('cancelled and booked at once (Fortnox cancels only unbooked invoices)')
        : mapped('cancelled', 'cancelled in Fortnox');
    case 'credited':
      return s.booked
        ? mapped('credited', `credited by invoice ${s.creditInvoiceReference ?? ''}`)
        : unmapped(`credit invoice ${s.creditInvoiceReference ?? ''} on an unbooked invoice`);
    case 'unbooked':
      if (settlement !== 'open' && cents(s.total) !== 0)
        return unmapped(`unbooked but balance ${s.balance} differs from total ${s.total}`);
      if (s.finalPayDate !== null) return unmapped(`unbooked but FinalPayDate ${s.finalPayDate} is set`);
      return s.sent ? mapped('sent', 'sent before booking') : mapped('draft', 'not booked');
    case 'booked':
      return readBooked(s, settlement, today);
    default:
      return assertNever(lifecycle);
  }
}

/**
 * Signals from an invoice or list item as the Fortnox client decodes it. A full invoice always has
 * CreditInvoiceReference (decoded to null for "0"); list items lack the key, which means "unknown".
 */
export function signalsOf(invoice: {
  DocumentNumber: string;
  Booked: boolean;
  Cancelled: boolean;
  Sent: boolean;
  Balance: number;
  Total: number;
  FinalPayDate: string | null;
  DueDate: string | null;
  CreditInvoiceReference?: string | null;
}): InvoiceSignals {
  return {
    documentNumber: invoice.DocumentNumber,
    booked: invoice.Booked,
    cancelled: invoice.Cancelled,
    sent: invoice.Sent,
    balance: invoice.Balance,
    total: invoice.Total,
    finalPayDate: invoice.FinalPayDate,
    dueDate: invoice.DueDate,
    creditInvoiceReference: 'CreditInvoiceReference' in invoice ? (invoice.CreditInvoiceReference ?? '0') : null,
  };
}
