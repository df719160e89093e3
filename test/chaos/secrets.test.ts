import { expect } from 'chai';
import { SecretScan } from '../../bench/chaos/secrets.ts';
import { recordEvent } from '../../src/db/sync-records.repo.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

// Shaped like what Fortnox hands out; made up here.
const JWT = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiIxMDAxIn0'}.${'c2lnbmF0dXJlLXBhcnQ'}`;
const CLIENT_SECRET = 'client-secret-planted-3f9a';

/**
 * The fault suite's secrets scan reports 0 only if it can report more: planted secrets are found,
 * ordinary log lines are not, and the audit trail as the product writes it passes.
 */
describe('fault suite: secrets scan', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  it('finds each kind of planted secret in a log line, and nothing in an ordinary one', () => {
    const scan = new SecretScan();
    scan.addLiteral(CLIENT_SECRET);
    const planted = [
      `{"message":"fortnox request","token":"${JWT}"}`,
      '{"message":"calling","headers":{"authorization":"Bearer abcdefghijklmnop1234"}}',
      '{"message":"refresh","refresh_token":"r3fr3sh-t0ken-value"}',
      '{"message":"customer","email":"anna.svensson@example.se"}',
      `{"message":"config","value":"${CLIENT_SECRET}"}`,
    ];
    for (const [i, line] of planted.entries()) scan.scan(line, `line ${i}`);
    expect(scan.found).to.equal(planted.length);
    expect(scan.samples.join('\n')).not.to.include(CLIENT_SECRET); // samples are masked
    const clean = new SecretScan();
    clean.addLiteral(CLIENT_SECRET);
    clean.scan('{"message":"document synced","documentNumber":"19","refresh_token":"[redacted]"}', 'clean');
    expect(clean.found).to.equal(0);
  });

  it('scans the stored audit trail: what the product redacts passes, a raw token is caught', async () => {
    const { rows } = await db.pool.query<{ id: number }>(
      `INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state)
       VALUES ('salesforce', 'Opportunity', '006SECRET', '1001', 'invoice', 'draft') RETURNING id`,
    );
    const recordId = rows[0]!.id;
    await recordEvent(db.pool, recordId, {
      kind: 'request',
      correlationId: 'c-1',
      message: 'creating invoice in Fortnox',
      request: { access_token: JWT, Authorization: `Bearer ${JWT}`, CustomerNumber: '4' },
    });
    const scan = new SecretScan();
    expect(await scan.scanEvents(db.pool)).to.equal(1);
    expect(scan.found).to.equal(0);
    await db.pool.query(
      `INSERT INTO sync_events (sync_record_id, correlation_id, kind, message, response)
       VALUES ($1, 'c-2', 'request', 'raw', $2)`,
      [recordId, JSON.stringify({ token: JWT })],
    );
    expect(await scan.scanEvents(db.pool)).to.equal(1); // only the new row
    expect(scan.found).to.equal(1);
  });
});
