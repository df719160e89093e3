import { decryptSecret, encryptSecret } from '../../core/crypto.ts';
import type { Queryable } from '../../db/connection.ts';
import type { TokenSet } from './oauth.ts';

/**
 * The `connections` table: one Fortnox connection per tenant, tokens AES-256-GCM encrypted
 * (DESIGN invariant 7). Expiry arithmetic happens in SQL on the database clock, so every process
 * agrees on "expires in 4 minutes" however skewed its own clock is.
 */

export type ConnectionKind = 'authorization_code' | 'service_account';

export interface StoredConnection {
  tenantId: string;
  kind: ConnectionKind;
  state: 'active' | 'revoked' | 'error';
  companyName: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  /** Milliseconds until the access token expires, by the database clock; null when there is none. */
  accessRemainingMs: number | null;
  lastError: string | null;
}

// Fortnox refresh tokens live 45 days (reference §1.2); stored so the dashboard can warn in time.
const REFRESH_TTL_DAYS = 45;

interface Row {
  tenant_id: string;
  kind: ConnectionKind;
  state: StoredConnection['state'];
  company_name: string | null;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  access_remaining_ms: string | null;
  last_error: string | null;
}

export async function readConnection(
  db: Queryable,
  key: Buffer,
  tenantId: string,
  forUpdate = false,
): Promise<StoredConnection | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT tenant_id, kind, state, company_name, access_token_enc, refresh_token_enc, last_error,
            floor(extract(epoch FROM access_expires_at - clock_timestamp()) * 1000)::bigint AS access_remaining_ms
       FROM connections WHERE tenant_id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    tenantId: row.tenant_id,
    kind: row.kind,
    state: row.state,
    companyName: row.company_name,
    accessToken: row.access_token_enc === null ? null : decryptSecret(row.access_token_enc, key),
    refreshToken: row.refresh_token_enc === null ? null : decryptSecret(row.refresh_token_enc, key),
    accessRemainingMs: row.access_remaining_ms === null ? null : Number(row.access_remaining_ms),
    lastError: row.last_error,
  };
}

/** A new or renewed consent (OAuth callback): replaces whatever was stored, revoked or not. */
export async function saveConnection(
  db: Queryable,
  key: Buffer,
  kind: ConnectionKind,
  tokens: TokenSet,
): Promise<void> {
  await db.query(
    `INSERT INTO connections (tenant_id, kind, state, scopes, access_token_enc, access_expires_at, refresh_token_enc, refresh_expires_at, last_error)
     VALUES ($1, $2, 'active', $3, $4, clock_timestamp() + make_interval(secs => $5), $6,
             CASE WHEN $6::text IS NULL THEN NULL ELSE clock_timestamp() + make_interval(days => ${REFRESH_TTL_DAYS}) END, NULL)
     ON CONFLICT (tenant_id) DO UPDATE SET
       kind = EXCLUDED.kind, state = 'active', scopes = EXCLUDED.scopes,
       access_token_enc = EXCLUDED.access_token_enc, access_expires_at = EXCLUDED.access_expires_at,
       refresh_token_enc = EXCLUDED.refresh_token_enc, refresh_expires_at = EXCLUDED.refresh_expires_at,
       last_error = NULL, updated_at = now()`,
    [
      tokens.tenantId,
      kind,
      tokens.scope,
      encryptSecret(tokens.accessToken, key),
      tokens.expiresInSeconds,
      tokens.refreshToken === undefined ? null : encryptSecret(tokens.refreshToken, key),
    ],
  );
}

/** After a refresh: the new pair, in the transaction that holds the row lock. */
export async function storeRefreshedTokens(
  db: Queryable,
  key: Buffer,
  tenantId: string,
  tokens: TokenSet,
): Promise<void> {
  await db.query(
    `UPDATE connections SET
       access_token_enc = $2, access_expires_at = clock_timestamp() + make_interval(secs => $3),
       refresh_token_enc = COALESCE($4, refresh_token_enc),
       refresh_expires_at = CASE WHEN $4::text IS NULL THEN refresh_expires_at ELSE clock_timestamp() + make_interval(days => ${REFRESH_TTL_DAYS}) END,
       scopes = COALESCE(NULLIF($5, ''), scopes), state = 'active', last_error = NULL, updated_at = now()
     WHERE tenant_id = $1`,
    [
      tenantId,
      encryptSecret(tokens.accessToken, key),
      tokens.expiresInSeconds,
      tokens.refreshToken === undefined ? null : encryptSecret(tokens.refreshToken, key),
      tokens.scope,
    ],
  );
}

/** Revoked for good: every later call fails fast until someone reconnects in the dashboard. */
export async function markConnectionRevoked(db: Queryable, tenantId: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE connections SET state = 'revoked', last_error = $2, access_token_enc = NULL, access_expires_at = NULL,
            updated_at = now() WHERE tenant_id = $1`,
    [tenantId, reason],
  );
}

export async function setCompanyName(db: Queryable, tenantId: string, companyName: string): Promise<void> {
  await db.query('UPDATE connections SET company_name = $2, updated_at = now() WHERE tenant_id = $1', [
    tenantId,
    companyName,
  ]);
}

/** Every tenant's connection state, for routing and the dashboard (tokens are not read). */
export async function connectionStates(
  db: Queryable,
): Promise<{ tenantId: string; state: StoredConnection['state'] }[]> {
  const { rows } = await db.query<{ tenant_id: string; state: StoredConnection['state'] }>(
    'SELECT tenant_id, state FROM connections ORDER BY tenant_id',
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, state: r.state }));
}

/** Tenants whose connection works now: the ones polled, subscribed to and routed to. */
export async function activeTenants(db: Queryable): Promise<string[]> {
  return (await connectionStates(db)).filter((c) => c.state === 'active').map((c) => c.tenantId);
}
