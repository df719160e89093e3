// In-memory tables. Ids are always stored in 18-char form; deleted rows go to a recycle bin
// so updates can answer ENTITY_IS_DELETED and queryAll can still see them.

import type { SRecord } from '../schema/types.ts';
import { normalizeId } from './ids.ts';

export type Row = { readonly type: string; rec: SRecord };

export class RecordStore {
  readonly #live = new Map<string, Row>();
  readonly #deleted = new Map<string, Row>();
  readonly #byType = new Map<string, Set<string>>();

  get(id: string): Row | undefined {
    const key = normalizeId(id);
    return key === undefined ? undefined : this.#live.get(key);
  }

  getDeleted(id: string): Row | undefined {
    const key = normalizeId(id);
    return key === undefined ? undefined : this.#deleted.get(key);
  }

  put(type: string, rec: SRecord): void {
    const id = String(rec.Id);
    this.#live.set(id, { type, rec });
    this.#deleted.delete(id);
    let ids = this.#byType.get(type);
    if (!ids) {
      ids = new Set();
      this.#byType.set(type, ids);
    }
    ids.add(id);
  }

  /** Moves a row to the recycle bin. */
  recycle(id: string): void {
    const row = this.#live.get(id);
    if (!row) return;
    this.#live.delete(id);
    this.#byType.get(row.type)?.delete(id);
    this.#deleted.set(id, row);
  }

  /** Forgets a row completely (used to roll back an insert). */
  purge(id: string): void {
    const row = this.#live.get(id) ?? this.#deleted.get(id);
    if (!row) return;
    this.#live.delete(id);
    this.#deleted.delete(id);
    this.#byType.get(row.type)?.delete(id);
  }

  /** Rows of one type in insertion order (Salesforce's default order is by Id, also ascending). */
  *rows(type: string, includeDeleted = false): Iterable<Row> {
    for (const id of this.#byType.get(type) ?? []) {
      const row = this.#live.get(id);
      if (row) yield row;
    }
    if (includeDeleted) {
      for (const row of this.#deleted.values()) if (row.type === type) yield row;
    }
  }

  count(type: string): number {
    return this.#byType.get(type)?.size ?? 0;
  }
}
