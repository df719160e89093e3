import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { silentLogger } from '../../../src/core/logger.ts';
import { connectionDirectory } from '../../../src/db/source-connections.repo.ts';
import type { JobCatalog } from '../../../src/jobs/catalog.ts';
import type { JobQueue } from '../../../src/jobs/queue.ts';
import { sieSettingsSchema, sieSource } from '../../../src/sources/sie/adapter.ts';
import type { SourceServices } from '../../../src/sources/source.ts';
import { syncRunner } from '../../contract/voucher-contract.ts';
import { startVoucherWorld, type VoucherWorld, YEAR } from '../../sink/voucher-helpers.ts';
import { pc8 } from './pc8.ts';
import { dayFile } from './sie-world.ts';

const PASSWORD = 'an admin password';
const auth = { Authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };

/** Uploading an SIE4 file over HTTP: the API (raw body, JSON answers) and the dashboard's form. */
describe('SIE4 upload: POST /sources/sie/files and the upload form', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  let base: string;
  let server: ReturnType<express.Express['listen']>;
  let run: ReturnType<typeof syncRunner>;
  const queued: { source: { system: string; connection: string; object: string; id: string } }[] = [];

  before(async () => {
    w = await startVoucherWorld();
    const queue = { send: async (_n: string, p: (typeof queued)[number]) => void queued.push(p) };
    const services = {
      pool: w.h.db.pool,
      target: w.h.db.target,
      logger: silentLogger,
      config: {
        ADMIN_PASSWORD: PASSWORD,
        APP_SECRET: w.h.config.APP_SECRET,
        ENCRYPTION_KEY: w.h.config.ENCRYPTION_KEY,
      },
      queue: queue as unknown as JobQueue<JobCatalog>,
      connections: connectionDirectory(w.h.db.pool, w.h.key, (_s, v) => sieSettingsSchema.parse(v)),
      requestFlush: async () => undefined,
    } satisfies SourceServices;
    run = syncRunner(w, services, [sieSource]);
    const app = express();
    const router = express.Router();
    sieSource.open(services).routes!(router);
    app.use('/sources/sie', router);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sources/sie`;
  });
  after(async () => {
    server?.close();
    await w?.close();
  });

  const mine = (id: string) =>
    w.vouchers().filter((v) => String(v.Comments).startsWith(`fortnox-sync sie:kassa-2:${id}`));
  const post = (
    bytes: Uint8Array,
    query = 'connection=kassa-2&location=gotgatan',
    headers: Record<string, string> = auth,
  ) =>
    fetch(`${base}/files?${query}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
  const drain = async () => {
    for (const job of queued.splice(0)) await run(job.source);
  };

  it('asks for the dashboard password', async () => {
    const res = await post(dayFile(`${YEAR}-11-01`, 1), undefined, {});
    expect(res.status).to.equal(401);
    expect(queued).to.have.length(0);
  });

  it('posts an uploaded file once: the same file again queues nothing', async () => {
    const date = `${YEAR}-11-02`;
    const res = await post(dayFile(date, 2));
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.include({ location: 'gotgatan', queued: [`${date}-Z-2`] });
    await drain();
    expect(mine(`${date}-Z-2`)).to.have.length(1);
    const again = await post(dayFile(date, 2));
    expect(await again.json()).to.deep.include({ queued: [], unchanged: [`${date}-Z-2`] });
    await drain();
    expect(mine(`${date}-Z-2`)).to.have.length(1);
  });

  it('answers 400 with line-numbered errors for a malformed file, and imports nothing of it', async () => {
    const bad = pc8(`#FLAGGA 0\r\n#SIETYP 4\r\n#VER Z 9 ${YEAR}1103 "x"\r\n{\r\n#TRANS 1580 {} 12,5x\r\n}\r\n`);
    const res = await post(bad);
    expect(res.status).to.equal(400);
    const body = (await res.json()) as { error: string; errors: { line: number; message: string }[] };
    expect(body.error).to.equal('invalid_file');
    expect(body.errors.map((e) => e.line)).to.include(5);
    expect(body.errors.find((e) => e.line === 5)!.message).to.equal('line 5: #TRANS amount “12,5x” is not a number');
    expect(queued).to.have.length(0);
  });

  it('refuses the whole file when another input feeds one of its days', async () => {
    const fed = `${YEAR}-11-05`;
    await w.h.db.pool.query(
      `INSERT INTO voucher_feeds (tenant_id, location, day, source_system, source_connection) VALUES ('1001', 'gotgatan', $1, 'lightspeed', 'gotgatan')`,
      [fed],
    );
    const ver = (date: string, n: number) => [
      `#VER Z ${n} ${date.replaceAll('-', '')} "Dagskassa"`,
      '{',
      '#TRANS 1580 {} 100.00',
      '#TRANS 3001 {} -80.00',
      '#TRANS 2611 {} -20.00',
      '}',
    ];
    const two = pc8(
      [
        '#FLAGGA 0',
        '#FORMAT PC8',
        '#SIETYP 4',
        `#RAR 0 ${YEAR}0101 ${YEAR}1231`,
        ...ver(`${YEAR}-11-04`, 4),
        ...ver(fed, 5),
        '',
      ].join('\r\n'),
    );
    const res = await post(two);
    expect(res.status).to.equal(400);
    const body = (await res.json()) as { error: string; refused: string[] };
    expect(body.error).to.equal('other_input');
    expect(body.refused[0]).to.contain(`${fed} of “gotgatan” is already booked from lightspeed`);
    const { rows } = await w.h.db.pool.query('SELECT id FROM sie_verifications WHERE connection = $1 AND id LIKE $2', [
      'kassa-2',
      `${YEAR}-11-0_-Z-_`,
    ]);
    expect(rows.map((r) => r.id)).to.deep.equal([`${YEAR}-11-02-Z-2`]); // neither day of that file
    expect(queued).to.have.length(0);
  });

  it('serves the upload form in the console frame and imports what it posts', async () => {
    const page = await (await fetch(`${base}/`, { headers: auth })).text();
    expect(page).to.contain('Upload an SIE file').and.contain('enctype="multipart/form-data"');
    const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
    const date = `${YEAR}-11-06`;
    const form = new FormData();
    form.set('token', token);
    form.set('connection', 'kassa-2');
    form.set('file', new Blob([dayFile(date, 6)]), 'dag.se');
    const res = await fetch(`${base}/upload`, { method: 'POST', headers: auth, body: form });
    expect(res.status).to.equal(200);
    expect(await res.text()).to.contain('1 verification(s) queued for Fortnox');
    await drain();
    expect(mine(`${date}-Z-6`)).to.have.length(1);

    const forged = new FormData();
    forged.set('connection', 'kassa-2');
    forged.set('file', new Blob([dayFile(`${YEAR}-11-07`, 7)]), 'dag.se');
    const refused = await fetch(`${base}/upload`, { method: 'POST', headers: auth, body: forged });
    expect(refused.status).to.equal(403);
    expect(queued).to.have.length(0);
  });
});
