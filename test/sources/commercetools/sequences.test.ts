import type { Message } from '@commercetools/platform-sdk';
import { expect } from 'chai';
import { sequences } from '../../../src/sources/commercetools/feed.ts';

/** Gaps in a resource's message sequence: noticed when a number is missing, never for a batch's own order. */
describe('commercetools message sequence gaps', () => {
  const msg = (resource: string, sequenceNumber: number) =>
    ({ resource: { typeId: 'order', id: resource }, sequenceNumber }) as unknown as Message;

  it('numbers of one request in any order are no gap', () => {
    const { seq, gaps } = sequences({ a: 1 }, [msg('a', 3), msg('a', 2), msg('b', 1)]);
    expect(gaps).to.deep.equal([]);
    expect(seq).to.deep.equal({ a: 3, b: 1 });
  });

  it('a missing number is a gap of that resource; a repeated or older one is not', () => {
    expect(sequences({ a: 1, b: 4 }, [msg('a', 3), msg('b', 4), msg('b', 2)]).gaps).to.deep.equal(['a']);
  });
});
