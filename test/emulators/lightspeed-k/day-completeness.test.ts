import { expect } from 'chai';
import { daySales, salesOf, startTestEmulator, type TestEmulator } from './helpers.ts';

const COFFEE = { lines: [{ sku: '101' }], payments: [{ method: 'CARD' }] };
const MIN = 60_000;

describe('Lightspeed emulator: a business day and its dataComplete flag', () => {
  let t: TestEmulator;
  // 2026-06-10 14:00 in Stockholm (CEST, +02:00); the demo location starts its day at 05:00.
  beforeEach(async () => {
    t = await startTestEmulator({ clockStart: '2026-06-10T14:00:00+02:00', processingDelayMinutes: 15 });
  });
  afterEach(async () => {
    await t.close();
  });
  const day = async (date: string) =>
    daySales((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=${date}&include=payments`)).json);

  it('stays incomplete while the day is open, and after closing until the processing delay has passed', async () => {
    t.emu.ringUp(COFFEE);
    expect((await day('2026-06-10')).dataComplete).to.equal(false);
    t.emu.closeDay();
    const justClosed = await day('2026-06-10');
    expect(justClosed.dataComplete).to.equal(false);
    expect(justClosed.sales).to.have.length(1);
    t.emu.advanceClock(14 * MIN);
    expect((await day('2026-06-10')).dataComplete).to.equal(false);
    t.emu.advanceClock(1 * MIN + 1000);
    expect((await day('2026-06-10')).dataComplete).to.equal(true);
  });

  it('completes by itself after the next start of day when nobody closes it', async () => {
    t.emu.ringUp(COFFEE);
    t.emu.advanceClock(14 * 60 * MIN + 59 * MIN); // 04:59 next morning: still the same business day
    expect(t.emu.openDay()).to.equal('2026-06-10');
    t.emu.advanceClock(2 * MIN); // 05:01: a new business day
    expect(t.emu.openDay()).to.equal('2026-06-11');
    expect((await day('2026-06-10')).dataComplete).to.equal(false);
    t.emu.advanceClock(15 * MIN);
    expect((await day('2026-06-10')).dataComplete).to.equal(true);
  });

  it('counts a sale after midnight but before start of day to the day before', async () => {
    t.emu.advanceClock(11 * 60 * MIN + 30 * MIN); // 01:30 on 11 June
    const s = t.emu.ringUp(COFFEE);
    expect(s.businessDate).to.equal('2026-06-10');
  });

  it('rings sales after the close into the next business day', async () => {
    t.emu.ringUp(COFFEE);
    t.emu.closeDay();
    const late = t.emu.ringUp(COFFEE);
    expect(late.businessDate).to.equal('2026-06-11');
    expect(salesOf((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-10`)).json)).to.have.length(
      1,
    );
    expect(salesOf((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-11`)).json)).to.have.length(
      1,
    );
  });

  it('refuses to ring a back-dated sale into a closed day (that is what a correction is for)', () => {
    t.emu.closeDay();
    t.emu.advanceClock(24 * 60 * MIN);
    expect(() => t.emu.ringUp({ ...COFFEE, at: '2026-06-10T13:30:00+02:00' })).to.throw(/2026-06-10 is closed/);
    // after the close (14:00) the same afternoon already belongs to the next day, which is open
    expect(t.emu.ringUp({ ...COFFEE, at: '2026-06-10T15:00:00+02:00' }).businessDate).to.equal('2026-06-11');
  });

  it('says when the next business day starts, in local time with the offset of that day', async () => {
    expect((await day('2026-06-10')).nextStartOfDayAsIso8601).to.equal('2026-06-11T05:00:00+02:00');
    // Sweden leaves summer time on 25 October 2026: the next start of day is in CET.
    expect((await day('2026-10-25')).nextStartOfDayAsIso8601).to.equal('2026-10-26T05:00:00+01:00');
  });

  it('closes by itself at a location’s closing time when it has one', async () => {
    const l = t.emu.addLocation(t.emu.demo.businessId, { blName: 'Kaffebaren Kiosk', closingTime: '18:00' });
    t.emu.ringUp({ ...COFFEE, location: l.blID });
    t.emu.advanceClock(4 * 60 * MIN + MIN); // 18:01
    const info = t.emu.day(l.blID, '2026-06-10');
    expect(info.closed).to.equal(true);
    expect(info.closedBy).to.equal('closing-time');
    expect(t.emu.ringUp({ ...COFFEE, location: l.blID }).businessDate).to.equal('2026-06-11');
  });

  it('refuses to close a day twice or a day that is not open', () => {
    t.emu.closeDay();
    expect(() => t.emu.closeDay(undefined, '2026-06-10')).to.throw(/already closed/);
    expect(() => t.emu.closeDay(undefined, '2026-06-13')).to.throw(/not open/);
  });
});
