import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './connection.ts';

/** Console users and their sessions (see migration 1763800035000). Only token hashes are stored. */

export type Role = 'viewer' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'admin'];

export interface ConsoleUser {
  username: string;
  role: Role;
  createdBy: string;
  createdAt: Date;
  lastSignedIn: Date | null;
}

export interface SessionRow {
  username: string;
  envAdmin: boolean;
  csrf: string;
  /** The user's role now (null for the bootstrap admin and for a user since removed). */
  role: Role | null;
}

const SESSION_HOURS = 12;
const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export async function listUsers(db: Queryable): Promise<ConsoleUser[]> {
  const { rows } = await db.query<{
    username: string;
    role: Role;
    created_by: string;
    created_at: Date;
    last_signed_in: Date | null;
  }>('SELECT username, role, created_by, created_at, last_signed_in FROM console_users ORDER BY username');
  return rows.map((r) => ({
    username: r.username,
    role: r.role,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastSignedIn: r.last_signed_in,
  }));
}

export async function anyUsers(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM console_users) AS any');
  return rows[0]?.any === true;
}

export async function passwordHashOf(
  db: Queryable,
  username: string,
): Promise<{ hash: string; role: Role } | undefined> {
  const { rows } = await db.query<{ password_hash: string; role: Role }>(
    'SELECT password_hash, role FROM console_users WHERE username = $1',
    [username],
  );
  return rows[0] === undefined ? undefined : { hash: rows[0].password_hash, role: rows[0].role };
}

/** Creates the user or replaces its role and password; answers whether it existed. */
export async function saveUser(
  db: Queryable,
  user: { username: string; role: Role; passwordHash: string; createdBy: string },
): Promise<boolean> {
  const { rows } = await db.query<{ existed: boolean }>(
    `INSERT INTO console_users (username, role, password_hash, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash
     RETURNING (xmax <> 0) AS existed`,
    [user.username, user.role, user.passwordHash, user.createdBy],
  );
  // A new password or role ends the user's other sessions: whoever had the old one is signed out.
  if (rows[0]?.existed === true) await db.query('DELETE FROM console_sessions WHERE username = $1', [user.username]);
  return rows[0]?.existed === true;
}

export async function removeUser(db: Queryable, username: string): Promise<boolean> {
  await db.query('DELETE FROM console_sessions WHERE username = $1 AND NOT env_admin', [username]);
  const { rowCount } = await db.query('DELETE FROM console_users WHERE username = $1', [username]);
  return (rowCount ?? 0) > 0;
}

/** Opens a session; answers the cookie's token (shown to nobody else) and its form token. */
export async function openSession(
  db: Queryable,
  username: string,
  envAdmin: boolean,
): Promise<{ token: string; csrf: string; maxAgeSeconds: number }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO console_sessions (token_hash, username, env_admin, csrf, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [hashToken(token), username, envAdmin, csrf, SESSION_HOURS],
  );
  if (!envAdmin) await db.query('UPDATE console_users SET last_signed_in = now() WHERE username = $1', [username]);
  // Expired sessions go here, at sign-in, rather than in a job of their own.
  await db.query('DELETE FROM console_sessions WHERE expires_at < now()');
  return { token, csrf, maxAgeSeconds: SESSION_HOURS * 3600 };
}

export async function findSession(db: Queryable, token: string): Promise<SessionRow | undefined> {
  const { rows } = await db.query<{ username: string; env_admin: boolean; csrf: string; role: Role | null }>(
    `SELECT s.username, s.env_admin, s.csrf, u.role FROM console_sessions s
       LEFT JOIN console_users u ON u.username = s.username AND NOT s.env_admin
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  );
  const r = rows[0];
  return r === undefined ? undefined : { username: r.username, envAdmin: r.env_admin, csrf: r.csrf, role: r.role };
}

export async function closeSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE token_hash = $1', [hashToken(token)]);
}
