import type { Queryable } from './connection.ts';
import { type RecordFilter, recordFilterSchema } from './console-records.repo.ts';

/** Bulk retry/skip requests from the console and their progress (table console_bulk_actions). */

export type BulkActionKind = 'retry' | 'skip';
export type BulkState = 'queued' | 'running' | 'done' | 'failed';

export interface BulkAction {
  id: number;
  action: BulkActionKind;
  filter: RecordFilter;
  /** False when the stored filter no longer parses (stored by an older release's looser rules). */
  filterReadable: boolean;
  reason: string | null;
  actor: string;
  state: BulkState;
  total: number | null;
  done: number;
  cursor: { at: string; id: number } | undefined;
  message: string | null;
  correlationId: string;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  action: BulkActionKind;
  filter: unknown;
  reason: string | null;
  actor: string;
  state: BulkState;
  total: number | null;
  done: number;
  cursor_at: string | null;
  cursor_id: string | null;
  message: string | null;
  correlation_id: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, action, filter, reason, actor, state, total, done, cursor_at::text AS cursor_at, cursor_id, message,
  correlation_id, created_at, updated_at`;

const fromRow = (r: Row): BulkAction => {
  // Stored by this code, but parsed anyway: a filter that no longer parses matches nothing rather than everything.
  const filter = recordFilterSchema.safeParse(r.filter).data;
  return {
    id: Number(r.id),
    action: r.action,
    filter: filter ?? { q: '\u0000' },
    filterReadable: filter !== undefined,
    reason: r.reason,
    actor: r.actor,
    state: r.state,
    total: r.total,
    done: r.done,
    cursor: r.cursor_at !== null && r.cursor_id !== null ? { at: r.cursor_at, id: Number(r.cursor_id) } : undefined,
    message: r.message,
    correlationId: r.correlation_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

export async function createBulkAction(
  db: Queryable,
  a: { action: BulkActionKind; filter: RecordFilter; reason: string | null; actor: string; correlationId: string },
): Promise<BulkAction> {
  const { rows } = await db.query<Row>(
    `INSERT INTO console_bulk_actions (action, filter, reason, actor, correlation_id) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${COLUMNS}`,
    [a.action, JSON.stringify(a.filter), a.reason, a.actor, a.correlationId],
  );
  return fromRow(rows[0]!);
}

export async function getBulkAction(db: Queryable, id: number): Promise<BulkAction | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM console_bulk_actions WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : fromRow(rows[0]);
}

export async function recentBulkActions(db: Queryable, limit = 20): Promise<BulkAction[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM console_bulk_actions ORDER BY id DESC LIMIT $1`, [
    limit,
  ]);
  return rows.map(fromRow);
}

export async function updateBulkAction(
  db: Queryable,
  id: number,
  change: { state?: BulkState; total?: number; done?: number; cursor?: { at: string; id: number }; message?: string },
): Promise<void> {
  await db.query(
    `UPDATE console_bulk_actions SET state = COALESCE($2, state), total = COALESCE($3, total), done = COALESCE($4, done),
        cursor_at = COALESCE($5::timestamptz, cursor_at), cursor_id = COALESCE($6, cursor_id),
        message = COALESCE($7, message), updated_at = now()
      WHERE id = $1`,
    [
      id,
      change.state ?? null,
      change.total ?? null,
      change.done ?? null,
      change.cursor?.at ?? null,
      change.cursor?.id ?? null,
      change.message ?? null,
    ],
  );
}
