// Access tokens are Salesforce sessions: they expire after a period without activity (every
// REST call and CometD connect extends them). Refresh tokens live until revoked.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../kit/index.ts';

export type Session = {
  readonly token: string;
  readonly userId: string;
  readonly clientId: string;
  readonly issuedAt: number;
  lastActivity: number;
};

export class SessionStore {
  readonly #clock: Clock;
  readonly #orgId: string;
  readonly timeoutMs: number;
  readonly #sessions = new Map<string, Session>();
  readonly #refresh = new Map<string, { userId: string; clientId: string }>();
  readonly #codes = new Map<string, { userId: string; clientId: string; redirectUri: string; expires: number }>();

  constructor(clock: Clock, orgId: string, timeoutMs: number) {
    this.#clock = clock;
    this.#orgId = orgId;
    this.timeoutMs = timeoutMs;
  }

  issue(userId: string, clientId: string): Session {
    // Real tokens are "<15-char org id>!<opaque>".
    const token = `${this.#orgId.slice(0, 15)}!${randomBytes(72).toString('base64url')}`;
    const now = this.#clock.now();
    const session = { token, userId, clientId, issuedAt: now, lastActivity: now };
    this.#sessions.set(token, session);
    return session;
  }

  /** The live session for a token, extended by this use; undefined when unknown or expired. */
  use(token: string): Session | undefined {
    const session = this.#sessions.get(token);
    if (!session) return undefined;
    const now = this.#clock.now();
    if (now - session.lastActivity > this.timeoutMs) {
      this.#sessions.delete(token);
      return undefined;
    }
    session.lastActivity = now;
    return session;
  }

  /** Ends every session (an admin's "revoke all"), or only the given token. */
  expire(token?: string): void {
    if (token) this.#sessions.delete(token);
    else this.#sessions.clear();
  }

  issueRefreshToken(userId: string, clientId: string): string {
    const token = `5Aep${randomBytes(60).toString('base64url')}`;
    this.#refresh.set(token, { userId, clientId });
    return token;
  }

  useRefreshToken(token: string, clientId: string): { userId: string } | undefined {
    const entry = this.#refresh.get(token);
    return entry && entry.clientId === clientId ? { userId: entry.userId } : undefined;
  }

  revokeRefreshToken(token: string): boolean {
    return this.#refresh.delete(token);
  }

  issueCode(userId: string, clientId: string, redirectUri: string): string {
    const code = `aPrx${randomBytes(40).toString('base64url')}`;
    // Authorization codes are single use and valid for 15 minutes.
    this.#codes.set(code, { userId, clientId, redirectUri, expires: this.#clock.now() + 15 * 60_000 });
    return code;
  }

  useCode(code: string, clientId: string, redirectUri: string | undefined): { userId: string } | undefined {
    const entry = this.#codes.get(code);
    this.#codes.delete(code);
    if (!entry || entry.clientId !== clientId || entry.expires < this.#clock.now()) return undefined;
    if (redirectUri !== undefined && redirectUri !== entry.redirectUri) return undefined;
    return { userId: entry.userId };
  }
}
