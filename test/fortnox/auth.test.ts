import { expect } from 'chai';
import { silentLogger } from '../../src/core/logger.ts';
import {
  ConnectionTokens,
  type Fortnox,
  FortnoxAuthError,
  readConnection,
  unlimited,
} from '../../src/fortnox/index.ts';
import { type FortnoxHarness, startHarness, TENANT } from './helpers/harness.ts';

describe('Fortnox tokens: early refresh, rotation, revoked consents', () => {
  let h: FortnoxHarness;
  let fortnox: Fortnox;

  before(async () => {
    h = await startHarness({
      emulator: { rateLimit: { enabled: false }, quirks: { accessTokenSurvivesRevoke: false } },
    });
  });
  after(async () => h.close());
  beforeEach(async () => {
    await h.db.pool.query('DELETE FROM connections');
    await h.connect();
    fortnox = h.fortnox({ limiter: unlimited });
  });

  const stored = async () => {
    const row = await readConnection(h.db.pool, h.key, TENANT);
    if (row === undefined) throw new Error('no connection row');
    return row;
  };
  const expireInDb = (seconds: number) =>
    h.db.pool.query(`UPDATE connections SET access_expires_at = clock_timestamp() + make_interval(secs => $1)`, [
      seconds,
    ]);

  it('keeps tokens encrypted at rest', async () => {
    const { rows } = await h.db.pool.query<{ access_token_enc: string; refresh_token_enc: string }>(
      'SELECT access_token_enc, refresh_token_enc FROM connections',
    );
    expect(rows[0]?.access_token_enc).to.match(/^v1\./).and.not.include('eyJ');
    expect(rows[0]?.refresh_token_enc).to.match(/^v1\./);
  });

  it('refreshes early, five minutes before expiry, and stores the new pair', async () => {
    const before = await stored();
    await expireInDb(240);
    expect((await fortnox.client(TENANT).settings.companyInformation()).CompanyName).to.equal('Demo AB');
    const after = await stored();
    expect(after.accessToken).to.not.equal(before.accessToken);
    expect(after.refreshToken).to.not.equal(before.refreshToken);
    expect(after.accessRemainingMs).to.be.greaterThan(3500_000);
  });

  it('a 401 for an expired token refreshes once and retries once', async () => {
    const client = fortnox.client(TENANT);
    await client.settings.companyInformation();
    h.emu.advanceClock(3601_000); // Fortnox's clock says the token died; our database does not know yet
    expect((await client.settings.companyInformation()).CompanyName).to.equal('Demo AB');
  });

  it('one process shares one refresh among concurrent callers', async () => {
    await expireInDb(10);
    const before = await stored();
    const client = fortnox.client(TENANT);
    await Promise.all(Array.from({ length: 10 }, () => client.settings.companyInformation()));
    const after = await stored();
    expect(after.refreshToken).to.not.equal(before.refreshToken);
    // The stored refresh token is the live one: the chain is intact.
    expect((await fortnox.oauth.refresh(after.refreshToken ?? '')).refreshToken).to.be.a('string');
  });

  it('a revoked consent marks the connection revoked and every later call fails fast with a clear message', async () => {
    h.emu.revokeConsent(Number(TENANT));
    const client = fortnox.client(TENANT);
    const err = await client.settings.companyInformation().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FortnoxAuthError);
    const auth = err as FortnoxAuthError;
    expect(auth.retryable).to.equal(false);
    expect(auth.code).to.equal('fortnox_connection_revoked');
    expect(auth.userMessage).to.equal(
      'The Fortnox connection for tenant 1001 was revoked or expired; reconnect it in the dashboard.',
    );
    const row = await stored();
    expect(row.state).to.equal('revoked');
    expect(row.lastError).to.match(/invalid_grant/);

    h.emu.resetStats();
    const again = await fortnox
      .client(TENANT)
      .customers.get('1')
      .catch((e: unknown) => e);
    expect((again as FortnoxAuthError).code).to.equal('fortnox_connection_revoked');
    expect(h.emu.totalStats().requests).to.equal(0); // no request reached Fortnox
  });

  it('believes invalid_grant only after re-reading: a pair rotated by someone else is used', async () => {
    await expireInDb(10);
    const stale = await stored();
    // Another process refreshes first (its own token store, same database).
    const other = new ConnectionTokens({ pool: h.db.pool, key: h.key, oauth: fortnox.oauth, logger: silentLogger });
    const fresh = await other.accessToken(TENANT);
    // This process still holds the stale rejected token in hand and asks for a renewal.
    const mine = new ConnectionTokens({ pool: h.db.pool, key: h.key, oauth: fortnox.oauth, logger: silentLogger });
    expect(await mine.renewAfterRejection(TENANT, stale.accessToken ?? '')).to.equal(fresh);
    expect((await stored()).state).to.equal('active');
  });

  it('a service account fetches a new token with client credentials (no refresh token)', async () => {
    await h.db.pool.query('DELETE FROM connections');
    await h.connect(Number(TENANT), 'service_account');
    expect((await stored()).refreshToken).to.equal(null);
    await expireInDb(10);
    expect((await fortnox.client(TENANT).settings.companyInformation()).CompanyName).to.equal('Demo AB');
    expect((await stored()).accessRemainingMs).to.be.greaterThan(3500_000);
    h.emu.revokeConsent(Number(TENANT));
    await expireInDb(10);
    const err = await fortnox
      .client(TENANT)
      .settings.companyInformation()
      .catch((e: unknown) => e);
    expect((err as FortnoxAuthError).code).to.equal('fortnox_connection_revoked');
  });

  it('an unknown tenant is "not connected", not a crash', async () => {
    const err = await fortnox
      .client('4242')
      .settings.companyInformation()
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FortnoxAuthError);
    expect((err as FortnoxAuthError).code).to.equal('fortnox_not_connected');
  });
});
