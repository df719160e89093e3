import { AppError } from './errors.ts';

/**
 * The life of a sync record (one source record × one Fortnox document kind) as an explicit state
 * machine. Every change of `sync_records.state` goes through `assertTransition`, so an illegal move
 * (say, `paid → draft`) is a loud bug, never a silent overwrite.
 */

export const SYNC_STATES = [
  'pending', // queued, nothing sent yet
  'creating', // the ledger row exists and a create was (or may have been) sent to Fortnox
  'synced', // a customer exists in Fortnox and matches the source
  'draft', // an unbooked invoice/order exists in Fortnox
  'booked',
  'sent',
  'partially_paid',
  'paid',
  'overdue',
  'credited',
  'cancelled',
  'needs_attention', // a person must act; retried when the source changes or on request
  'skipped', // deliberately not synced (e.g. routing rule says no tenant)
] as const;
export type SyncState = (typeof SYNC_STATES)[number];

const OPEN_INVOICE: readonly SyncState[] = ['booked', 'sent', 'partially_paid', 'overdue'];

/** Allowed moves. A state may always stay itself (fields such as the balance change within it). */
export const TRANSITIONS: Readonly<Record<SyncState, readonly SyncState[]>> = {
  pending: ['creating', 'synced', 'skipped', 'needs_attention'],
  creating: ['synced', 'draft', 'booked', 'needs_attention', 'pending'],
  synced: ['creating', 'needs_attention'],
  draft: ['booked', 'sent', 'paid', 'cancelled', 'needs_attention', 'creating'],
  booked: ['sent', 'partially_paid', 'paid', 'overdue', 'credited', 'needs_attention'],
  sent: ['booked', 'partially_paid', 'paid', 'overdue', 'credited', 'cancelled', 'needs_attention'],
  partially_paid: ['paid', 'overdue', 'credited', 'booked', 'sent', 'needs_attention'],
  overdue: ['partially_paid', 'paid', 'credited', 'booked', 'sent', 'needs_attention'],
  // A payment can be deleted in Fortnox (invoicepayment-deleted-v1), reopening the invoice.
  paid: ['partially_paid', 'booked', 'sent', 'overdue', 'credited', 'needs_attention'],
  // Credited or cancelled documents may be replaced by a new one (credit and re-invoice, re-won deal).
  credited: ['creating', 'pending', 'needs_attention'],
  cancelled: ['creating', 'pending', 'needs_attention'],
  // A retry starts over, or returns to the document's own state when the failure was an amendment.
  needs_attention: [
    'pending',
    'creating',
    'synced',
    'draft',
    'skipped',
    'cancelled',
    'credited',
    ...OPEN_INVOICE,
    'paid',
  ],
  skipped: ['pending', 'needs_attention'],
};

export function canTransition(from: SyncState, to: SyncState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function assertTransition(from: SyncState, to: SyncState): void {
  if (!canTransition(from, to)) {
    throw new AppError(`Illegal sync-record transition ${from} → ${to}`, {
      code: 'illegal_transition',
      category: 'internal',
      retryable: false,
      details: { from, to },
      userMessage: `The record cannot move from "${from}" to "${to}"; this is a bug and has been logged.`,
    });
  }
}

export function isSyncState(value: string): value is SyncState {
  return (SYNC_STATES as readonly string[]).includes(value);
}

/** States in which a Fortnox document exists and its status is worth watching. */
export const WATCHED_STATES: readonly SyncState[] = ['draft', ...OPEN_INVOICE, 'paid'];

/**
 * A state as a person reads it in a source's status field (a metafield, a custom field): the same
 * words Salesforce's Fortnox_Status__c picklist uses, so every source shows the same thing.
 */
export const STATE_LABELS: Readonly<Record<SyncState, string>> = {
  pending: 'Pending',
  creating: 'Pending',
  synced: 'Synced',
  draft: 'Draft',
  booked: 'Booked',
  sent: 'Sent',
  partially_paid: 'Partially Paid',
  paid: 'Paid',
  overdue: 'Overdue',
  credited: 'Credited',
  cancelled: 'Cancelled',
  needs_attention: 'Needs Attention',
  skipped: 'Skipped',
};

export function stateLabel(state: string): string | undefined {
  return isSyncState(state) ? STATE_LABELS[state] : undefined;
}
