// The DML engine: the one path every write takes (REST, composite, sales page, control API),
// so validation, derived fields, faults and CDC behave the same whichever door was used.

import type { Clock } from '../../kit/index.ts';
import type { ObjectDef, Schema, SRecord } from '../schema/types.ts';
import { fieldDef, objectDef } from '../schema/types.ts';
import { coerce } from './coerce.ts';
import { IdFactory } from './ids.ts';
import { afterWrite, beforeWrite, cascadeChildren } from './record-rules.ts';
import { sfError } from './sf-error.ts';
import { RecordStore } from './store.ts';
import type { CallContext, ChangeType, CommittedTransaction } from './transaction.ts';
import { Transaction } from './transaction.ts';

export type WriteGuard = (op: 'insert' | 'update' | 'delete', type: string, id: string | undefined) => void;
export type WriteOptions = { /** Lets rules and the control API set read-only fields. */ system?: boolean };

export class Database {
  readonly schema: Schema;
  readonly clock: Clock;
  readonly store = new RecordStore();
  readonly ids = new IdFactory();
  readonly orgCurrency: string;
  /** Ids whose delete is cascading, so child deletes do not roll up into a dying parent. */
  readonly deleting = new Set<string>();
  /** Fault injection hook (control/faults.ts); throws an SfError to fail the write. */
  guard: WriteGuard = () => {};
  readonly #listeners = new Set<(tx: CommittedTransaction) => void>();

  constructor(schema: Schema, clock: Clock, orgCurrency = 'SEK') {
    this.schema = schema;
    this.clock = clock;
    this.orgCurrency = orgCurrency;
  }

  onCommit(listener: (tx: CommittedTransaction) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  object(type: string): ObjectDef {
    const obj = objectDef(this.schema, type);
    if (!obj) throw sfError.invalidType(type);
    return obj;
  }

  transaction<T>(ctx: CallContext, work: (tx: Transaction) => T): T {
    const tx = new Transaction(ctx);
    let result: T;
    try {
      result = work(tx);
    } catch (err) {
      tx.rollbackTo({ undo: 0, changes: 0, events: 0 });
      throw err;
    }
    const committed = {
      ctx,
      transactionKey: tx.transactionKey,
      commitTimestamp: this.clock.now(),
      changes: tx.changes,
      events: tx.events,
    };
    for (const listener of this.#listeners) listener(committed);
    return result;
  }

  #fields(obj: ObjectDef, input: Record<string, unknown>, op: 'create' | 'update', opts: WriteOptions): SRecord {
    const out: SRecord = {};
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes' || (op === 'update' && key.toLowerCase() === 'id')) continue;
      const fd = fieldDef(obj, key);
      if (!fd) throw sfError.noSuchColumn(key, obj.name);
      if (!opts.system && !(op === 'create' ? fd.createable : fd.updateable)) {
        readOnly.push(fd.name);
        continue;
      }
      out[fd.name] = coerce(fd, raw);
    }
    if (readOnly.length) throw sfError.notWritable(readOnly);
    return out;
  }

  #stamp(rec: SRecord, ctx: CallContext, created: boolean): void {
    const now = new Date(this.clock.now()).toISOString();
    if (created) {
      rec.CreatedDate = now;
      rec.CreatedById = ctx.userId;
      rec.IsDeleted = false;
    }
    rec.LastModifiedDate = now;
    rec.LastModifiedById = ctx.userId;
    rec.SystemModstamp = now;
  }

  #record(
    tx: Transaction,
    obj: ObjectDef,
    id: string,
    changeType: ChangeType,
    after: SRecord,
    changed: string[] = [],
  ): void {
    tx.changes.push({ entity: obj.name, id, changeType, changedFields: changed, after: { ...after } });
  }

  insert(tx: Transaction, type: string, input: Record<string, unknown>, opts: WriteOptions = {}): string {
    const obj = this.object(type);
    const rec = this.#fields(obj, input, 'create', opts);
    const id = this.ids.next(obj.keyPrefix);
    if (obj.isEvent) {
      this.#requireFields(obj, rec, Object.keys(rec));
      const uuid = crypto.randomUUID();
      tx.events.push({
        eventType: obj.name,
        record: {
          ...rec,
          Id: id,
          EventUuid: uuid,
          CreatedDate: new Date(this.clock.now()).toISOString(),
          CreatedById: tx.ctx.userId,
        },
      });
      return id;
    }
    for (const fd of obj.fields.values()) {
      if (!(fd.name in rec)) rec[fd.name] = fd.type === 'boolean' ? false : null;
    }
    if (fieldDef(obj, 'OwnerId') && rec.OwnerId === null) rec.OwnerId = tx.ctx.userId;
    if (fieldDef(obj, 'CurrencyIsoCode') && rec.CurrencyIsoCode === null) rec.CurrencyIsoCode = this.orgCurrency;
    this.#checkReferences(obj, rec, Object.keys(rec));
    beforeWrite(this, tx, obj.name, rec, undefined, input, opts.system === true);
    this.#requireFields(
      obj,
      rec,
      [...obj.fields.values()].map((fd) => fd.name),
    );
    this.guard('insert', obj.name, undefined);
    rec.Id = id;
    this.#stamp(rec, tx.ctx, true);
    this.store.put(obj.name, rec);
    tx.onRollback(() => this.store.purge(id));
    this.#record(tx, obj, id, 'CREATE', rec);
    afterWrite(this, tx, obj.name, rec, undefined);
    return id;
  }

  update(tx: Transaction, type: string, rawId: string, input: Record<string, unknown>, opts: WriteOptions = {}): void {
    const obj = this.object(type);
    const row = this.store.get(rawId);
    if (!row || row.type !== obj.name) {
      if (this.store.getDeleted(rawId)?.type === obj.name) throw sfError.entityIsDeleted();
      throw sfError.notFound();
    }
    const before = row.rec;
    const changes = this.#fields(obj, input, 'update', opts);
    this.#checkReferences(obj, changes, Object.keys(changes));
    this.guard('update', obj.name, String(before.Id));
    const next: SRecord = { ...before, ...changes };
    beforeWrite(this, tx, obj.name, next, before, input, opts.system === true);
    this.#requireFields(obj, next, Object.keys(changes));
    const changed = [...obj.fields.values()]
      .map((fd) => fd.name)
      .filter(
        (name) =>
          next[name] !== before[name] && !['LastModifiedDate', 'SystemModstamp', 'LastModifiedById'].includes(name),
      );
    const priorModifier = before.LastModifiedById;
    this.#stamp(next, tx.ctx, false);
    changed.push('LastModifiedDate');
    if (next.LastModifiedById !== priorModifier) changed.push('LastModifiedById');
    row.rec = next;
    tx.onRollback(() => {
      row.rec = before;
    });
    this.#record(tx, obj, String(next.Id), 'UPDATE', next, changed);
    afterWrite(this, tx, obj.name, next, before);
  }

  delete(tx: Transaction, type: string, rawId: string): void {
    const obj = this.object(type);
    const row = this.store.get(rawId);
    if (!row || row.type !== obj.name) {
      if (this.store.getDeleted(rawId)?.type === obj.name) throw sfError.entityIsDeleted();
      throw sfError.notFound();
    }
    const id = String(row.rec.Id);
    this.guard('delete', obj.name, id);
    this.deleting.add(id);
    try {
      for (const child of cascadeChildren(this, obj.name, id)) this.delete(tx, child.type, String(child.rec.Id));
    } finally {
      this.deleting.delete(id);
    }
    this.store.recycle(id);
    const before = row.rec;
    row.rec = { ...before, IsDeleted: true };
    tx.onRollback(() => {
      row.rec = before;
      this.store.put(obj.name, before);
    });
    this.#record(tx, obj, id, 'DELETE', {});
    afterWrite(this, tx, obj.name, undefined, before);
  }

  undelete(tx: Transaction, rawId: string): void {
    const row = this.store.getDeleted(rawId);
    if (!row) throw sfError.notFound();
    const obj = this.object(row.type);
    const before = row.rec;
    const rec: SRecord = { ...before, IsDeleted: false };
    this.#stamp(rec, tx.ctx, false);
    this.store.put(obj.name, rec);
    tx.onRollback(() => {
      this.store.recycle(String(rec.Id));
      row.rec = before;
    });
    this.#record(tx, obj, String(rec.Id), 'UNDELETE', rec);
    afterWrite(this, tx, obj.name, rec, undefined);
  }

  #requireFields(obj: ObjectDef, rec: SRecord, names: string[]): void {
    const missing = names.filter(
      (name) => fieldDef(obj, name)?.required && (rec[name] === null || rec[name] === undefined),
    );
    if (missing.length) throw sfError.requiredMissing(missing);
  }

  #checkReferences(obj: ObjectDef, rec: SRecord, names: string[]): void {
    for (const name of names) {
      const fd = fieldDef(obj, name);
      const value = rec[name];
      if (fd?.type !== 'reference' || typeof value !== 'string') continue;
      const target = this.store.get(value);
      if (!target || target.type !== fd.referenceTo) throw sfError.crossReference(fd.name);
    }
  }
}
