// Runs a parsed query against the store and shapes records like the REST API: parent
// relationships as nested objects (or null), child subqueries as {totalSize, done, records}
// (or null when empty), COUNT() as a bare totalSize.

import type { Database } from '../data/database.ts';
import type { JsonRecord } from '../data/format.ts';
import { attributes, restValue } from '../data/format.ts';
import { SfError, sfError } from '../data/sf-error.ts';
import type { Row } from '../data/store.ts';
import type { ObjectDef, SRecord, Value } from '../schema/types.ts';
import { objectDef } from '../schema/types.ts';
import type { OrderBy, Query } from './ast.ts';
import type { BoundPath } from './binder.ts';
import { bindPath, pointAt } from './binder.ts';
import { compileCondition } from './evaluator.ts';
import { parseSoql } from './parser.ts';

export type QueryOptions = { version: string; includeDeleted?: boolean };
export type QueryOutput = { totalSize: number; records: JsonRecord[] };

type Scope = { db: Database; soql: string; opts: QueryOptions; now: number };

function compareForOrder(a: Value, b: Value, order: OrderBy): number {
  if (a === b) return 0;
  if (a === null) return order.nullsLast ? 1 : -1;
  if (b === null) return order.nullsLast ? -1 : 1;
  const x = typeof a === 'string' ? a.toLowerCase() : a;
  const y = typeof b === 'string' ? b.toLowerCase() : b;
  const cmp = x < y ? -1 : x > y ? 1 : 0;
  return order.descending ? -cmp : cmp;
}

function setPath(out: JsonRecord, bound: BoundPath, rec: SRecord, scope: Scope): void {
  let target = out;
  let current: SRecord = rec;
  for (const [i, step] of bound.steps.entries()) {
    const key = step.relationshipName ?? step.name;
    const id = current[step.name];
    const parent = typeof id === 'string' ? scope.db.store.get(id)?.rec : undefined;
    const parentObj = bound.objects[i + 1];
    if (!parent || !parentObj) {
      if (!(key in target)) target[key] = null;
      return;
    }
    const existing = target[key];
    const next: JsonRecord =
      existing !== null && typeof existing === 'object'
        ? (existing as JsonRecord)
        : { attributes: attributes(parentObj.name, parent.Id ?? null, scope.opts.version) };
    target[key] = next;
    target = next;
    current = parent;
  }
  target[bound.field.name] = restValue(bound.field, current[bound.field.name] ?? null);
}

function run(scope: Scope, query: Query, obj: ObjectDef, rows: Iterable<Row>, nested: boolean): QueryOutput {
  const { db, soql, opts } = scope;
  const bind = (fp: Parameters<typeof bindPath>[2]) => bindPath(db, obj, fp, soql);
  let where: ((rec: SRecord) => boolean) | undefined;
  if (query.where) {
    where = compileCondition(
      query.where,
      (fp) => {
        const bound = bind(fp);
        if (!bound.field.filterable)
          throw sfError.invalidQueryField(
            pointAt(soql, fp.pos, `field '${bound.field.name}' can not be filtered in a query call`),
          );
        return bound;
      },
      scope.now,
    );
  }
  const seen = new Set<string>();
  const columns: Array<
    { kind: 'field'; bound: BoundPath } | { kind: 'sub'; query: Query; child: ObjectDef; field: string; key: string }
  > = [];
  const counts = query.select.filter((item) => item.kind === 'count');
  for (const item of query.select) {
    if (item.kind === 'count') continue;
    if (item.kind === 'field') {
      const bound = bind(item.field);
      const key = [...bound.steps.map((s) => s.relationshipName), bound.field.name].join('.').toLowerCase();
      if (seen.has(key)) throw sfError.malformedQuery(`duplicate field selected: ${item.field.path.join('.')}`);
      seen.add(key);
      if (counts.length) throw sfError.malformedQuery(`Field must be grouped or aggregated: ${bound.field.name}`);
      columns.push({ kind: 'field', bound });
      continue;
    }
    if (nested) throw sfError.malformedQuery('Nesting of semi join sub-selects is not supported');
    const rel = obj.children.find((c) => c.relationshipName.toLowerCase() === item.query.from.toLowerCase());
    const child = rel ? objectDef(db.schema, rel.childSObject) : undefined;
    if (!rel || !child) {
      throw sfError.invalidQueryField(
        pointAt(
          soql,
          item.query.fromPos,
          `Didn't understand relationship '${item.query.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    columns.push({ kind: 'sub', query: item.query, child, field: rel.field, key: rel.relationshipName });
  }
  const orders = query.orderBy.map((order) => ({ order, bound: bind(order.field) }));
  let matched: SRecord[] = [];
  for (const row of rows) if (!where || where(row.rec)) matched.push(row.rec);
  if (orders.length) {
    matched.sort((a, b) => {
      for (const { order, bound } of orders) {
        const cmp = compareForOrder(bound.get(a), bound.get(b), order);
        if (cmp) return cmp;
      }
      return 0;
    });
  }
  if ((query.offset ?? 0) > 2000)
    throw new SfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
  const total = matched.length;
  matched = matched.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
  const first = counts[0];
  if (first && first.kind === 'count') {
    if (!first.field) return { totalSize: Math.min(total, query.limit ?? total), records: [] };
    return { totalSize: 1, records: [{ attributes: { type: 'AggregateResult' }, expr0: matched.length }] };
  }
  const childIndex = new Map<string, Map<string, Row[]>>();
  const records = matched.map((rec) => {
    const out: JsonRecord = { attributes: attributes(obj.name, rec.Id ?? null, opts.version) };
    for (const column of columns) {
      if (column.kind === 'field') {
        setPath(out, column.bound, rec, scope);
        continue;
      }
      let index = childIndex.get(column.key);
      if (!index) {
        index = new Map();
        for (const row of db.store.rows(column.child.name, opts.includeDeleted)) {
          const parentId = String(row.rec[column.field]);
          index.set(parentId, [...(index.get(parentId) ?? []), row]);
        }
        childIndex.set(column.key, index);
      }
      const sub = run(scope, column.query, column.child, index.get(String(rec.Id)) ?? [], true);
      out[column.key] = sub.records.length ? { totalSize: sub.totalSize, done: true, records: sub.records } : null;
    }
    return out;
  });
  return { totalSize: records.length, records };
}

export function executeSoql(db: Database, soql: string, opts: QueryOptions): QueryOutput {
  const query = parseSoql(soql);
  const obj = objectDef(db.schema, query.from);
  if (!obj || obj.isEvent) throw sfError.invalidTypeInQuery(query.from);
  return run({ db, soql, opts, now: db.clock.now() }, query, obj, db.store.rows(obj.name, opts.includeDeleted), false);
}
