import { expect } from 'chai';
import { Clock } from '../../../emulators/kit/index.ts';

describe('emulator kit: a clock that starts at a chosen instant', () => {
  it('starts in the past when asked, then runs and moves forward from there', () => {
    const start = Date.parse('2026-03-31T20:00:00Z');
    const clock = new Clock(start);
    expect(clock.now()).to.be.within(start, start + 1000);
    clock.advance(4 * 3600_000);
    expect(clock.now()).to.be.within(start + 4 * 3600_000, start + 4 * 3600_000 + 1000);
    expect(() => clock.advance(-1)).to.throw(RangeError);
  });

  it('keeps real time when no start is given (existing emulators unchanged)', () => {
    expect(Math.abs(new Clock().now() - Date.now())).to.be.below(1000);
  });
});
