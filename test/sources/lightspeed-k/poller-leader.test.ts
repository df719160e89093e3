import { expect } from 'chai';
import { openLightspeed } from '../../../src/sources/lightspeed-k/runtime.ts';
import type { SourceHandle } from '../../../src/sources/source.ts';
import { startVoucherWorld, type VoucherWorld } from '../../sink/voucher-helpers.ts';
import { type LightspeedWorld, startLightspeedWorld } from './helpers.ts';

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Two worker processes start the Lightspeed poller: one polls, the other stands by until it goes. */
describe('Lightspeed poller leader lock', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  let l: LightspeedWorld;
  const handles: SourceHandle[] = [];
  before(async () => {
    w = await startVoucherWorld();
    l = await startLightspeedWorld(w);
    l.ls.ringUp({ lines: [{ sku: '101' }], payments: [{ method: 'CARD' }] });
    await l.closeDay();
  });
  after(async () => {
    for (const h of handles) await h.stop();
    await l?.close();
    await w?.close();
  });

  it('polls from one process at a time, and the standby takes over when the leader stops', async () => {
    const polls = { a: 0, b: 0 };
    const queue = { send: async () => undefined } as never;
    const runtime = (name: 'a' | 'b') =>
      openLightspeed(
        { ...l.services, queue },
        { now: () => l.ls.now(), leaderPollMs: 100, observePoll: () => void polls[name]++ },
      );
    const a = await runtime('a').start!();
    handles.push(a);
    await until(() => polls.a > 0, 'the first poller to lead and poll');
    const b = await runtime('b').start!();
    handles.push(b);
    // Absence can only be shown over time: several of b's lock tries (100 ms apart) pass without a poll.
    await new Promise((r) => setTimeout(r, 600));
    expect(polls.b).to.equal(0);
    await a.stop();
    await until(() => polls.b > 0, 'the standby to take over and poll');
  });
});
