import { expect } from 'chai';
import { AppError } from '../../src/core/errors.ts';
import { assertTransition, canTransition, SYNC_STATES, TRANSITIONS } from '../../src/core/sync-state.ts';

describe('sync-record state machine', () => {
  it('follows an invoice from pending to paid', () => {
    const path = ['pending', 'creating', 'draft', 'booked', 'sent', 'partially_paid', 'paid'] as const;
    for (let i = 1; i < path.length; i++)
      expect(canTransition(path[i - 1]!, path[i]!), `${path[i - 1]} → ${path[i]}`).to.equal(true);
  });

  it('refuses to move a paid invoice back to draft, loudly', () => {
    expect(() => assertTransition('paid', 'draft')).to.throw(AppError, /paid → draft/);
  });

  it('never lets a credited or cancelled document become booked or paid without a new document', () => {
    for (const from of ['credited', 'cancelled'] as const) {
      for (const to of ['booked', 'paid', 'partially_paid', 'draft'] as const)
        expect(canTransition(from, to), `${from} → ${to}`).to.equal(false);
    }
  });

  it('lets every state be parked for a person, and every parked record be retried', () => {
    for (const state of SYNC_STATES) {
      if (state === 'needs_attention') continue;
      expect(canTransition(state, 'needs_attention'), state).to.equal(true);
    }
    expect(canTransition('needs_attention', 'pending')).to.equal(true);
  });

  it('names only known states in the table', () => {
    for (const targets of Object.values(TRANSITIONS)) for (const to of targets) expect(SYNC_STATES).to.include(to);
  });
});
