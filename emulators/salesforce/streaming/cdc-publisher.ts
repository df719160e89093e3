// Turns committed transactions into Change Data Capture events and platform events, shaped
// like CometD delivers them (reference §1.6–1.8): CREATE/UNDELETE carry all non-empty fields,
// UPDATE only the changed ones plus LastModifiedDate, DELETE none; identical updates to many
// records in one transaction are merged into one event with several recordIds.
import { createHash } from 'node:crypto';
import type { Database } from '../data/database.ts';
import type { JsonRecord } from '../data/format.ts';
import type { Change, CommittedTransaction, PublishedEvent } from '../data/transaction.ts';
import type { ObjectDef, Value } from '../schema/types.ts';
import { objectDef } from '../schema/types.ts';
import type { EventLog } from './event-log.ts';

export type CdcOptions = {
  /** [unverified] Whether IsWon/IsClosed/Probability/ForecastCategory(Name) are listed when StageName changes. */
  stageDerivedFieldsInChangedFields: boolean;
  /**
   * Fault: Salesforce could not build the change events, so it sends gap events instead (GAP_UPDATE
   * … with the record ids and no field values), or one GAP_OVERFLOW per entity (no ids) as when a
   * transaction changes more than 100,000 [reference salesforce-heroku §1.8]. A subscriber must re-read the records.
   */
  degrade?: 'gap' | 'overflow' | undefined;
};

const ADDRESS = /^(Billing|Shipping|Mailing)(Street|City|State|PostalCode|Country)$/;
const STAGE_DERIVED = ['IsWon', 'IsClosed', 'Probability', 'ForecastCategory', 'ForecastCategoryName'];
// PricebookEntry CREATE events carry no system fields (SF doc "Change Events for PricebookEntry").
const PRICEBOOK_ENTRY_CREATE_OMITS = new Set(['CreatedById', 'CreatedDate', 'LastModifiedById', 'LastModifiedDate']);

export const schemaId = (name: string): string => createHash('sha1').update(name).digest('base64url').slice(0, 22);

function cdcValue(value: Value): Value {
  // CometD JSON carries datetimes as ISO strings without milliseconds (…T10:32:28Z).
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T.*\.\d{3}Z$/.test(value)
    ? value.replace(/\.\d{3}Z$/, 'Z')
    : value;
}

function setField(payload: JsonRecord, name: string, value: Value): string {
  const address = ADDRESS.exec(name);
  if (!address) {
    payload[name] = cdcValue(value);
    return name;
  }
  const compound = `${address[1]}Address`;
  const existing = payload[compound];
  const target = (existing !== null && typeof existing === 'object' ? existing : {}) as JsonRecord;
  target[address[2] ?? ''] = value;
  payload[compound] = target;
  return `${compound}.${address[2]}`;
}

function body(obj: ObjectDef, change: Change, opts: CdcOptions): { fields: JsonRecord; changed: string[] } {
  const fields: JsonRecord = {};
  const changed: string[] = [];
  if (change.changeType === 'DELETE') return { fields, changed };
  if (change.changeType === 'UPDATE') {
    const hideDerived = !opts.stageDerivedFieldsInChangedFields && change.changedFields.includes('StageName');
    for (const name of change.changedFields) {
      const fd = obj.fields.get(name.toLowerCase());
      if (!fd || fd.cdcExcluded || (hideDerived && STAGE_DERIVED.includes(name))) continue;
      changed.push(setField(fields, fd.name, change.after[fd.name] ?? null));
    }
    return { fields, changed };
  }
  for (const fd of obj.fields.values()) {
    const value = change.after[fd.name];
    if (fd.cdcExcluded || fd.name === 'Id' || value === null || value === undefined) continue;
    if (obj.name === 'PricebookEntry' && change.changeType === 'CREATE' && PRICEBOOK_ENTRY_CREATE_OMITS.has(fd.name))
      continue;
    setField(fields, fd.name, value);
  }
  return { fields, changed };
}

export class CdcPublisher {
  readonly #db: Database;
  readonly #log: EventLog;
  readonly options: CdcOptions;
  #commitNumber = 10_583_584_855_437;

  constructor(db: Database, log: EventLog, options: CdcOptions) {
    this.#db = db;
    this.#log = log;
    this.options = options;
    db.onCommit((tx) => this.#onCommit(tx));
  }

  #onCommit(tx: CommittedTransaction): void {
    const commitNumber = this.#commitNumber++;
    const merged: Array<{
      entity: string;
      ids: string[];
      type: Change['changeType'];
      fields: JsonRecord;
      changed: string[];
      key: string;
    }> = [];
    for (const change of tx.changes) {
      const obj = objectDef(this.#db.schema, change.entity);
      if (!obj || !this.#db.schema.cdcEntities.has(obj.name)) continue;
      const { fields, changed } = body(obj, change, this.options);
      const key = change.changeType === 'UPDATE' ? JSON.stringify([obj.name, changed, fields]) : '';
      const same = key ? merged.find((m) => m.key === key) : undefined;
      if (same) same.ids.push(change.id);
      else merged.push({ entity: obj.name, ids: [change.id], type: change.changeType, fields, changed, key });
    }
    const degrade = this.options.degrade;
    if (degrade === 'overflow')
      for (const entity of new Set(merged.map((m) => m.entity)))
        this.publishGap(entity, 'GAP_OVERFLOW', [], tx.ctx.userId);
    else if (degrade === 'gap')
      for (const m of merged) this.publishGap(m.entity, `GAP_${m.type}`, m.ids, tx.ctx.userId);
    for (const [i, m] of degrade === undefined ? merged.entries() : []) {
      this.publishChange(
        m.entity,
        {
          entityName: m.entity,
          recordIds: m.ids,
          changeType: m.type,
          changeOrigin: tx.ctx.origin,
          transactionKey: tx.transactionKey,
          sequenceNumber: i + 1,
          commitTimestamp: tx.commitTimestamp,
          commitNumber,
          commitUser: tx.ctx.userId,
          changedFields: m.changed,
        },
        m.fields,
      );
    }
    for (const event of tx.events) this.#publishPlatformEvent(event);
  }

  /** Publishes on the entity channel and on /data/ChangeEvents (each with its own replay id). */
  publishChange(entity: string, header: JsonRecord, fields: JsonRecord = {}): void {
    const data = (replayId: number): JsonRecord => ({
      schema: schemaId(`${entity}ChangeEvent`),
      payload: { ChangeEventHeader: header, ...fields },
      event: { replayId },
    });
    this.#log.publish(`/data/${entity}ChangeEvent`, data);
    this.#log.publish('/data/ChangeEvents', data);
  }

  /** Gap (GAP_CREATE…) or overflow (GAP_OVERFLOW, no record ids) events: header only. */
  publishGap(entity: string, changeType: string, recordIds: string[], userId: string): void {
    this.publishChange(entity, {
      entityName: entity,
      recordIds,
      changeType,
      changeOrigin: '',
      transactionKey: crypto.randomUUID(),
      sequenceNumber: 1,
      commitTimestamp: this.#db.clock.now(),
      commitNumber: this.#commitNumber++,
      commitUser: userId,
      changedFields: [],
    });
  }

  #publishPlatformEvent(event: PublishedEvent): void {
    const { Id: _id, EventUuid, ...fields } = event.record;
    const payload: JsonRecord = {};
    for (const [name, value] of Object.entries(fields)) payload[name] = value;
    this.#log.publish(`/event/${event.eventType}`, (replayId) => ({
      schema: schemaId(event.eventType),
      payload,
      event: { replayId, EventUuid },
    }));
  }
}
