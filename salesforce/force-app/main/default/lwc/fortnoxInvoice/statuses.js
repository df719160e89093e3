// One badge per Fortnox_Status__c picklist value. Each has its own tone (a CSS class with its own
// colour); Needs Attention is the one a rep must act on, so it alone gets the warning icon.
import booked from '@salesforce/label/c.Fortnox_Status_Booked';
import cancelled from '@salesforce/label/c.Fortnox_Status_Cancelled';
import credited from '@salesforce/label/c.Fortnox_Status_Credited';
import draft from '@salesforce/label/c.Fortnox_Status_Draft';
import needsAttention from '@salesforce/label/c.Fortnox_Status_Needs_Attention';
import overdue from '@salesforce/label/c.Fortnox_Status_Overdue';
import paid from '@salesforce/label/c.Fortnox_Status_Paid';
import partiallyPaid from '@salesforce/label/c.Fortnox_Status_Partially_Paid';
import pending from '@salesforce/label/c.Fortnox_Status_Pending';
import sent from '@salesforce/label/c.Fortnox_Status_Sent';

const STATUSES = {
  Pending: { label: pending, tone: 'pending' },
  Draft: { label: draft, tone: 'draft' },
  Booked: { label: booked, tone: 'booked' },
  Sent: { label: sent, tone: 'sent' },
  'Partially Paid': { label: partiallyPaid, tone: 'partially-paid' },
  Paid: { label: paid, tone: 'paid' },
  Overdue: { label: overdue, tone: 'overdue' },
  Credited: { label: credited, tone: 'credited' },
  Cancelled: { label: cancelled, tone: 'cancelled' },
  'Needs Attention': { label: needsAttention, tone: 'needs-attention', urgent: true },
};

/** The badge for a status value; a value this card does not know yet shows as it is, in grey. */
export function statusBadge(status) {
  const known = STATUSES[status];
  const tone = known ? known.tone : 'unknown';
  return {
    label: known ? known.label : status,
    className: `slds-badge fortnox-badge fortnox-badge_${tone}`,
    urgent: Boolean(known?.urgent),
  };
}

/** Statuses where Retry can change something: stuck before Fortnox, or waiting for a fix. */
export const RETRYABLE_STATUSES = new Set(['Pending', 'Needs Attention']);
