import { expect } from 'chai';
import { parseSieArgs, summary, UsageError } from '../../../src/sources/sie/sie-cli.ts';
import { importSie } from '../../../src/sources/sie/sie-import.ts';
import { digestId } from '../../../src/sources/sie/sie-vouchers.ts';
import { parseSie4 } from '../../../src/sources/sie/sie4-parser.ts';
import { startBoss } from '../../helpers/boss.ts';
import { startVoucherWorld, type VoucherWorld, YEAR } from '../../sink/voucher-helpers.ts';
import { pc8 } from './pc8.ts';
import { dayFile, feederFile, type SieWorld, startSieWorld } from './sie-world.ts';

/** Importing a till's SIE4 export for a location: posted once, through the voucher sink, over real HTTP. */
describe('SIE4 import → Fortnox vouchers', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  let s: SieWorld;
  before(async () => {
    w = await startVoucherWorld();
    s = startSieWorld(w);
  });
  after(() => w.close());

  const mine = (id: string) =>
    w.vouchers().filter((v) => String(v.Comments).startsWith(`fortnox-sync sie:gotgatan-sie:${id}`));

  it('posts a CP437 file with its Swedish letters intact, and nothing twice when the file comes again', async () => {
    const date = `${YEAR}-10-01`;
    const first = await s.upload(dayFile(date, 1));
    expect(first.errors).to.deep.equal([]);
    expect(first.queued).to.deep.equal([`${date}-Z-1`]);
    const [voucher] = mine(`${date}-Z-1`);
    expect(voucher!.Description).to.equal('Dagskassa Götgatan - Åsa (SIE Z 1)');
    expect(voucher!.TransactionDate).to.equal(date);
    const again = await s.upload(dayFile(date, 1));
    expect(again.queued).to.deep.equal([]);
    expect(again.unchanged).to.deep.equal([`${date}-Z-1`]);
    expect(mine(`${date}-Z-1`)).to.have.length(1);
  });

  it('loses nothing when queueing fails mid-import: the same file again posts it, once', async () => {
    const date = `${YEAR}-10-05`;
    s.failNextSend();
    let failure: unknown;
    await s.upload(dayFile(date, 5)).catch((error: unknown) => {
      failure = error;
    });
    expect(String(failure)).to.contain('Connection terminated');
    expect(mine(`${date}-Z-5`)).to.have.length(0);
    const again = await s.upload(dayFile(date, 5));
    expect(again.queued).to.deep.equal([`${date}-Z-5`]);
    expect(mine(`${date}-Z-5`)).to.have.length(1);
    expect((await s.upload(dayFile(date, 5))).queued).to.deep.equal([]);
    expect(mine(`${date}-Z-5`)).to.have.length(1);
  });

  it('posts a verification an earlier release stored but never queued when its file comes again', async () => {
    const date = `${YEAR}-10-07`;
    const file = dayFile(date, 8);
    const parsed = parseSie4(file);
    if (!parsed.ok) throw new Error('expected a valid file');
    const { sieVouchers } = await import('../../../src/sources/sie/sie-vouchers.ts');
    const [voucher] = sieVouchers(parsed.file, 'gotgatan-sie', 'gotgatan');
    // Stored, its job lost (the import before the fix committed first and queued afterwards).
    await w.h.db.pool.query(
      `INSERT INTO sie_verifications (connection, id, voucher, file_sha256) VALUES ('gotgatan-sie', $1, $2, 'x')`,
      [`${date}-Z-8`, JSON.stringify(voucher)],
    );
    const again = await s.upload(file);
    expect(again.queued).to.deep.equal([`${date}-Z-8`]);
    expect(mine(`${date}-Z-8`)).to.have.length(1);
    expect((await s.upload(file)).unchanged).to.deep.equal([`${date}-Z-8`]);
    expect(mine(`${date}-Z-8`)).to.have.length(1);
  });

  it('queues its jobs in pg-boss in the import’s own transaction: a failed send leaves neither rows nor jobs', async () => {
    const { boss, queue } = await startBoss(w.h.db);
    try {
      const file = pc8(
        [
          '#FLAGGA 0',
          '#FORMAT PC8',
          '#SIETYP 4',
          `#VER Z 6 ${YEAR}1006 "Dagskassa"`,
          '{',
          '#TRANS 1910 {} 100.00',
          '#TRANS 3001 {} -100.00',
          '}',
          `#VER Z 7 ${YEAR}1006 "Dagskassa"`,
          '{',
          '#TRANS 1910 {} 50.00',
          '#TRANS 3001 {} -50.00',
          '}',
        ].join('\r\n'),
      );
      let sends = 0;
      const failing = {
        send: (...args: Parameters<typeof queue.send>) => {
          if (++sends === 2) throw new Error('Connection terminated unexpectedly');
          return queue.send(...args);
        },
      } as unknown as typeof queue;
      const db = { pool: w.h.db.pool, queue: failing };
      let failure: unknown;
      await importSie(db, 'boss-sie', 'boss', file).catch((error: unknown) => {
        failure = error;
      });
      expect(String(failure)).to.contain('Connection terminated');
      const jobs = async () =>
        (
          await w.h.db.pool.query<{ id: string }>(
            `SELECT data->'source'->>'id' AS id FROM pgboss.job WHERE name = 'document.sync' AND data->'source'->>'connection' = 'boss-sie' ORDER BY 1`,
          )
        ).rows.map((r) => r.id);
      const stored = await w.h.db.pool.query(`SELECT 1 FROM sie_verifications WHERE connection = 'boss-sie'`);
      expect(stored.rows).to.have.length(0);
      expect(await jobs()).to.deep.equal([]);
      const again = await importSie({ pool: w.h.db.pool, queue }, 'boss-sie', 'boss', file);
      expect(again.queued).to.deep.equal([`${YEAR}-10-06-Z-6`, `${YEAR}-10-06-Z-7`]);
      expect(await jobs()).to.deep.equal([`${YEAR}-10-06-Z-6`, `${YEAR}-10-06-Z-7`]);
    } finally {
      await boss.stop({ graceful: false });
    }
  });

  it('posts two identical verifications without series and number on one day as two vouchers', async () => {
    const date = `${YEAR}-10-08`;
    const result = await s.upload(feederFile(date, [5_000, 5_000]));
    expect(result.queued).to.deep.equal([`${date}-1`, `${date}-2`]);
    expect(mine(`${date}-1`)).to.have.length(1);
    expect(mine(`${date}-2`)).to.have.length(1);
    expect((await s.upload(feederFile(date, [5_000, 5_000]))).queued).to.deep.equal([]);
    expect([...mine(`${date}-1`), ...mine(`${date}-2`)]).to.have.length(2);
  });

  it('turns a corrected re-export without series and number into a reversal and the corrected voucher', async () => {
    const date = `${YEAR}-10-09`;
    await s.upload(feederFile(date, [10_000, 4_000]));
    const corrected = await s.upload(feederFile(date, [9_000, 4_000]));
    expect(corrected.queued).to.deep.equal([`${date}-1`]);
    expect(corrected.unchanged).to.deep.equal([`${date}-2`]);
    const first = mine(`${date}-1`);
    expect(first.map((v) => String(v.Comments).split('\n')[0])).to.deep.equal([
      `fortnox-sync sie:gotgatan-sie:${date}-1`,
      `fortnox-sync sie:gotgatan-sie:${date}-1#rev`,
      `fortnox-sync sie:gotgatan-sie:${date}-1#1`,
    ]);
    const rows = (v: Record<string, unknown>) => v.VoucherRows as { Account: number; Debit: number }[];
    expect(rows(first[2]!).find((r) => r.Account === 1910)?.Debit).to.equal(90);
    expect(mine(`${date}-2`)).to.have.length(1);
    // A re-export with one verification fewer says which posted one it no longer has.
    const fewer = await s.upload(feederFile(date, [9_000]));
    expect(fewer.warnings.join(' ')).to.contain(`${date}-2 stays posted as before`);
  });

  it('keeps the id an earlier release gave a verification without series and number, so its file stays unchanged', async () => {
    const date = `${YEAR}-10-10`;
    const file = feederFile(date, [7_000]);
    const parsed = parseSie4(file);
    if (!parsed.ok) throw new Error('expected a valid file');
    const legacy = digestId(parsed.file.verifications[0]!);
    // What the earlier release stored, recomputed as it would be now.
    const { sieVouchers } = await import('../../../src/sources/sie/sie-vouchers.ts');
    const [voucher] = sieVouchers(parsed.file, 'gotgatan-sie', 'gotgatan', new Set([legacy]));
    await w.h.db.pool.query(
      `INSERT INTO sie_verifications (connection, id, voucher, file_sha256) VALUES ('gotgatan-sie', $1, $2, 'x')`,
      [legacy, JSON.stringify(voucher)],
    );
    await s.run({ system: 'sie', connection: 'gotgatan-sie', object: 'verification', id: legacy });
    expect(mine(legacy)).to.have.length(1);
    const again = await s.upload(file);
    expect(again.unchanged).to.deep.equal([legacy]);
    expect(again.queued).to.deep.equal([]);
    expect(mine(`${date}-1`)).to.have.length(0);
  });

  it('refuses a malformed or unbalanced file with line-numbered errors and imports nothing of it', async () => {
    const bad = pc8(
      [
        '#FLAGGA 0',
        '#FORMAT PC8',
        '#SIETYP 4',
        `#VER Z 7 ${YEAR}1002 "Dagskassa"`,
        '{',
        '#TRANS 1910 {} 100.00',
        '#TRANS 3001 {} -90.00',
        '}',
      ].join('\r\n'),
    );
    const result = await s.upload(bad);
    expect(result.errors.length).to.be.greaterThan(0);
    expect(result.errors[0]!.message).to.match(/^line \d+/);
    expect(summary('bad.se', result)).to.contain('bad.se was not imported; fix these lines');
    expect(mine(`${YEAR}-10-02-Z-7`)).to.have.length(0);
  });

  it('refuses a day the register’s API already feeds for the location, naming that input', async () => {
    const date = `${YEAR}-10-03`;
    await w.h.db.pool.query(
      `INSERT INTO voucher_feeds (tenant_id, location, day, source_system, source_connection) VALUES ('1001', 'gotgatan', $1, 'lightspeed', 'gotgatan')`,
      [date],
    );
    const result = await s.upload(dayFile(date, 3));
    expect(result.queued).to.deep.equal([]);
    expect(result.refused[0]).to.contain(
      `${date} of “gotgatan” is already booked from lightspeed (connection “gotgatan”)`,
    );
    expect(mine(`${date}-Z-3`)).to.have.length(0);
  });

  it('reads its command line strictly', () => {
    expect(parseSieArgs(['dag.se', '--connection', 'gotgatan-sie'])).to.deep.equal({
      file: 'dag.se',
      connection: 'gotgatan-sie',
      location: undefined,
    });
    expect(() => parseSieArgs(['dag.se'])).to.throw(UsageError, '--connection is required');
    expect(() => parseSieArgs(['dag.se', '--connection', 'Götgatan'])).to.throw(UsageError, 'must be a-z');
  });
});
