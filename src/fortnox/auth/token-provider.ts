import type pg from 'pg';
import type { Logger } from '../../core/logger.ts';
import { withTransaction } from '../../db/connection.ts';
import { connectionRevokedError, FortnoxAuthError, notConnectedError } from '../errors.ts';
import { markConnectionRevoked, readConnection, type StoredConnection, storeRefreshedTokens } from './connections.ts';
import type { FortnoxOAuth, TokenSet } from './oauth.ts';

/**
 * Access tokens per tenant, refreshed early and safely (DESIGN invariant 7, reference §9):
 * - Refresh tokens are single-use, and web and worker dynos may refresh at the same moment, so a
 *   refresh happens only inside a transaction holding the connection row (`SELECT … FOR UPDATE`).
 *   After taking the lock we look again: if another process refreshed meanwhile we use its token.
 *   The new pair is written in the same transaction, before the lock is released.
 * - Within one process, concurrent callers share one refresh (single flight).
 * - `invalid_grant` is only believed after re-reading the row; then the connection is marked
 *   revoked and every later call fails fast with a message telling a person to reconnect.
 */

export interface TokenSource {
  accessToken(tenantId: string, signal?: AbortSignal): Promise<string>;
  /** Fortnox answered 401 to `rejected`: refresh unless another caller already did; the new token. */
  renewAfterRejection(tenantId: string, rejected: string, signal?: AbortSignal): Promise<string>;
  /** Gives up on the connection (e.g. 401 even with a fresh token). */
  markRevoked(tenantId: string, reason: string): Promise<void>;
}

export interface ConnectionTokensOptions {
  pool: pg.Pool;
  /** From deriveKey(ENCRYPTION_KEY). */
  key: Buffer;
  oauth: FortnoxOAuth;
  logger: Logger;
  /** Refresh this long before expiry; default 5 minutes. */
  refreshMarginMs?: number;
}

class InvalidGrant extends Error {
  readonly usedRefreshToken: string | null;
  readonly original: FortnoxAuthError;
  constructor(original: FortnoxAuthError, usedRefreshToken: string | null) {
    super(original.message);
    this.original = original;
    this.usedRefreshToken = usedRefreshToken;
  }
}

export class ConnectionTokens implements TokenSource {
  readonly #o: Required<ConnectionTokensOptions>;
  readonly #cache = new Map<string, { token: string; freshUntil: number }>();
  readonly #inflight = new Map<string, Promise<string>>();

  constructor(options: ConnectionTokensOptions) {
    this.#o = { refreshMarginMs: 5 * 60_000, ...options };
  }

  async accessToken(tenantId: string, signal?: AbortSignal): Promise<string> {
    const cached = this.#cache.get(tenantId);
    if (cached !== undefined && cached.freshUntil > Date.now()) return cached.token;
    return this.#singleFlight(tenantId, undefined, signal);
  }

  async renewAfterRejection(tenantId: string, rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.#cache.get(tenantId)?.token === rejected) this.#cache.delete(tenantId);
    return this.#singleFlight(tenantId, rejected, signal);
  }

  async markRevoked(tenantId: string, reason: string): Promise<void> {
    this.#cache.delete(tenantId);
    await markConnectionRevoked(this.#o.pool, tenantId, reason);
    this.#o.logger.warn('fortnox connection revoked', { tenantId, reason });
  }

  async #singleFlight(tenantId: string, rejected: string | undefined, signal?: AbortSignal): Promise<string> {
    const running = this.#inflight.get(tenantId);
    if (running !== undefined) {
      const token = await running;
      if (token !== rejected) return token;
    }
    const work = this.#ensureFresh(tenantId, rejected, signal).finally(() => this.#inflight.delete(tenantId));
    this.#inflight.set(tenantId, work);
    return work;
  }

  /** A usable token: stored and fresh, or refreshed under the row lock. */
  async #ensureFresh(tenantId: string, rejected: string | undefined, signal?: AbortSignal): Promise<string> {
    const { pool, key } = this.#o;
    const current = usable(
      this.#check(tenantId, await readConnection(pool, key, tenantId)),
      rejected,
      this.#o.refreshMarginMs,
    );
    if (current !== undefined) return this.#remember(tenantId, current.token, current.remainingMs);
    try {
      return await withTransaction(pool, async (client) => {
        const locked = this.#check(tenantId, await readConnection(client, key, tenantId, true));
        const fresh = usable(locked, rejected, this.#o.refreshMarginMs);
        if (fresh !== undefined) return this.#remember(tenantId, fresh.token, fresh.remainingMs); // another process refreshed
        const tokens = await this.#renew(locked, signal);
        await storeRefreshedTokens(client, key, tenantId, tokens);
        this.#o.logger.info('fortnox token refreshed', {
          tenantId,
          kind: locked.kind,
          expiresInSeconds: tokens.expiresInSeconds,
        });
        return this.#remember(tenantId, tokens.accessToken, tokens.expiresInSeconds * 1000);
      });
    } catch (error) {
      if (!(error instanceof InvalidGrant)) throw error;
      return this.#afterInvalidGrant(tenantId, error);
    }
  }

  async #renew(connection: StoredConnection, signal?: AbortSignal): Promise<TokenSet> {
    const { oauth } = this.#o;
    const refreshToken = connection.refreshToken;
    try {
      if (connection.kind === 'service_account') return await oauth.clientCredentials(connection.tenantId, signal);
      if (refreshToken === null) throw connectionRevokedError(connection.tenantId, 'no refresh token stored');
      return await oauth.refresh(refreshToken, signal);
    } catch (error) {
      if (error instanceof FortnoxAuthError && error.details.oauthError === 'invalid_grant')
        throw new InvalidGrant(error, refreshToken);
      throw error;
    }
  }

  /** Someone may have rotated the pair between our read and Fortnox's answer: look before giving up. */
  async #afterInvalidGrant(tenantId: string, failure: InvalidGrant): Promise<string> {
    const { pool, key } = this.#o;
    const outcome = await withTransaction(pool, async (client): Promise<{ token: string } | { reason: string }> => {
      const row = this.#check(tenantId, await readConnection(client, key, tenantId, true));
      const rotated = row.kind === 'authorization_code' && row.refreshToken !== failure.usedRefreshToken;
      if (rotated && row.accessToken !== null && (row.accessRemainingMs ?? 0) > 0) {
        return { token: this.#remember(tenantId, row.accessToken, row.accessRemainingMs ?? 0) };
      }
      const reason = `Fortnox refused the ${row.kind === 'service_account' ? 'client credentials' : 'refresh token'} (invalid_grant): the consent was revoked or the token chain expired`;
      await markConnectionRevoked(client, tenantId, reason);
      return { reason }; // committed before we throw, so every process sees the revocation
    });
    if ('token' in outcome) return outcome.token;
    this.#cache.delete(tenantId);
    this.#o.logger.warn('fortnox connection revoked', { tenantId, reason: outcome.reason });
    throw connectionRevokedError(tenantId, outcome.reason);
  }

  #check(tenantId: string, row: StoredConnection | undefined): StoredConnection {
    if (row === undefined) throw notConnectedError(tenantId);
    if (row.state === 'revoked') throw connectionRevokedError(tenantId, row.lastError ?? 'revoked');
    return row;
  }

  #remember(tenantId: string, token: string, remainingMs: number): string {
    this.#cache.set(tenantId, { token, freshUntil: Date.now() + remainingMs - this.#o.refreshMarginMs });
    return token;
  }
}

function usable(
  row: StoredConnection,
  rejected: string | undefined,
  marginMs: number,
): { token: string; remainingMs: number } | undefined {
  if (row.accessToken === null || row.accessToken === rejected) return undefined;
  const remainingMs = row.accessRemainingMs ?? 0;
  return remainingMs > marginMs ? { token: row.accessToken, remainingMs } : undefined;
}
