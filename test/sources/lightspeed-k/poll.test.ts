import { expect } from 'chai';
import { saveConnection } from '../../../src/db/source-connections.repo.ts';
import { openLightspeed } from '../../../src/sources/lightspeed-k/runtime.ts';
import { startVoucherWorld, type VoucherWorld } from '../../sink/voucher-helpers.ts';
import { type LightspeedWorld, LOCATION_ID, startLightspeedWorld } from './helpers.ts';

const DAY_MS = 86_400_000;
// The tests move the emulator's clock days ahead: access tokens that outlive that keep them about days.
const LONG_TOKENS = { accessTokenTtlSeconds: 90 * 86_400 };

/** The worker's poll: every closed day of every location is queued, whatever fails or however long it was down. */
describe('Lightspeed poll: no closed day is passed over', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  let l: LightspeedWorld | undefined;
  before(async () => {
    w = await startVoucherWorld();
  });
  afterEach(async () => {
    await l?.close();
    l = undefined;
    await w.h.db.pool.query(`DELETE FROM stream_checkpoints WHERE source = 'lightspeed'`);
    await w.h.db.pool.query(`DELETE FROM source_connections WHERE system = 'lightspeed'`);
  });
  after(() => w?.close());

  /** A poller whose queue notes the days it was given; `poll()` answers the days of that poll. */
  function poller(world: LightspeedWorld) {
    const days: string[] = [];
    const queue = {
      send: async (_n: string, p: { source: { object: string; connection: string; id: string } }) => {
        if (p.source.object === 'day') days.push(`${p.source.connection}:${p.source.id}`);
      },
    };
    const runtime = openLightspeed({ ...world.services, queue: queue as never }, { now: () => world.ls.now() });
    return async () => {
      days.length = 0;
      await runtime.pollOnce();
      return [...days];
    };
  }

  /** Rings up a sale in each of the next `n` business days and lets each close itself; their dates. */
  function tradeDays(world: LightspeedWorld, n: number): string[] {
    const dates: string[] = [];
    for (let i = 0; i < n; i++) {
      dates.push(world.ls.ringUp({ lines: [{ sku: '101' }], payments: [{ method: 'CARD' }] }).businessDate);
      world.ls.advanceClock(DAY_MS);
    }
    return dates;
  }

  const lastError = async (key: string) => (await l!.services.connections.get('lightspeed', key))?.lastError ?? null;

  it('queues every day since the last poll when the worker was down longer than the lookback', async () => {
    l = await startLightspeedWorld(w, LONG_TOKENS, { lookbackDays: 2 });
    const poll = poller(l);
    const [first] = tradeDays(l, 1);
    expect(await poll()).to.include(`gotgatan:${first}`);
    const missed = tradeDays(l, 5); // five days pass without a poll
    const queued = await poll();
    for (const date of missed) expect(queued).to.include(`gotgatan:${date}`);
  });

  it('keeps reading a day that fails for longer than the lookback, and queues it once Lightspeed answers', async () => {
    l = await startLightspeedWorld(w, LONG_TOKENS, { lookbackDays: 2 });
    const poll = poller(l);
    tradeDays(l, 1);
    await poll();
    l.ls.injectFault({ kind: 'status', status: 503, count: 1000, pathPrefix: '/f/v2/' });
    const outage: string[] = [];
    for (let i = 0; i < 4; i++) {
      outage.push(...tradeDays(l, 1));
      expect(await poll()).to.deep.equal([]);
    }
    // One plain sentence for the whole outage, not one per day.
    expect(await lastError('gotgatan')).to.equal(
      `Lightspeed location “gotgatan”: 5 days (${outage[0]} to ${l.ls.openDay()}) could not be read: Lightspeed answered 503 when reading the day's sales; it is tried again automatically. It is read again on every poll until it is posted.`,
    );
    l.ls.clearFaults();
    const queued = await poll();
    for (const date of outage) expect(queued).to.include(`gotgatan:${date}`);
    expect(await lastError('gotgatan')).to.equal(null);
  });

  it('asks to connect the location again when Lightspeed no longer accepts its refresh token', async () => {
    l = await startLightspeedWorld(w, LONG_TOKENS);
    const connection = (await l.services.connections.get('lightspeed', 'gotgatan'))!;
    await saveConnection(w.h.db.pool, w.h.key, {
      system: 'lightspeed',
      key: 'gotgatan',
      label: 'Kaffebaren Götgatan',
      credentials: { ...(connection.credentials as object), expiresAt: 0 },
    });
    l.ls.revokeAccess();
    const poll = poller(l);
    expect(await poll()).to.deep.equal([]);
    expect(await lastError('gotgatan')).to.equal(
      "Lightspeed location “gotgatan” could not be polled: Lightspeed no longer accepts this service's access to the location (the access has expired or was withdrawn in Lightspeed). Connect the location again from the dashboard; its days are read again then and none are lost.",
    );
  });

  it('polls the other locations when one fails, and shows that one’s problem in plain words', async () => {
    l = await startLightspeedWorld(w, LONG_TOKENS);
    const token = l.ls.mintToken();
    // Sorted before gotgatan, so the poll meets it first: a location id the token cannot see.
    await saveConnection(w.h.db.pool, w.h.key, {
      system: 'lightspeed',
      key: 'alby',
      label: 'Alby',
      credentials: { accessToken: token.access_token, refreshToken: token.refresh_token, expiresAt: Date.now() + 3e6 },
      settings: { businessLocationId: 999 },
    });
    const poll = poller(l);
    const [date] = tradeDays(l, 1);
    expect(await poll()).to.deep.equal([`gotgatan:${date}`]);
    expect(await lastError('alby')).to.match(
      /^Lightspeed location “alby”: \d{4}-\d\d-\d\d could not be read: Lightspeed refused our access to this location\. Connect the register again/,
    );
    expect(await lastError('gotgatan')).to.equal(null);
    await w.h.db.pool.query(
      `UPDATE source_connections SET settings = jsonb_set(settings, '{businessLocationId}', to_jsonb($1::int)) WHERE key = 'alby'`,
      [LOCATION_ID],
    );
    await poll();
    expect(await lastError('alby')).to.equal(null);
  });

  it('polls the other locations when one’s stored settings no longer read, and says so on that one', async () => {
    l = await startLightspeedWorld(w, LONG_TOKENS);
    await w.h.db.pool.query(
      `INSERT INTO source_connections (system, key, label, settings) VALUES ('lightspeed', 'alby', 'Alby', '{"businessLocationId": -1}')`,
    );
    const poll = poller(l);
    const [date] = tradeDays(l, 1);
    expect(await poll()).to.deep.equal([`gotgatan:${date}`]);
    const { rows } = await w.h.db.pool.query<{ last_error: string }>(
      `SELECT last_error FROM source_connections WHERE system = 'lightspeed' AND key = 'alby'`,
    );
    expect(rows[0]?.last_error).to.equal(
      'Lightspeed location “alby” is not polled: The settings of the lightspeed connection “Alby” are not valid; correct them in the dashboard.',
    );
  });
});
