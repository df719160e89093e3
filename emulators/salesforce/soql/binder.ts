// Resolves field paths (Name, Account.Name, Owner.Name, Opportunity.Account.Name) against the
// schema, following lookups through the store, with Salesforce's error texts for unknown names.

import type { Database } from '../data/database.ts';
import { sfError } from '../data/sf-error.ts';
import type { FieldDef, ObjectDef, SRecord } from '../schema/types.ts';
import { fieldDef, objectDef } from '../schema/types.ts';
import type { FieldPath } from './ast.ts';
import type { Accessor } from './evaluator.ts';

export type BoundPath = Accessor & {
  /** Lookup fields walked before the final field (empty for a plain field). */
  readonly steps: readonly FieldDef[];
  readonly objects: readonly ObjectDef[];
};

/** "\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\n<message>" like the real API. */
export function pointAt(soql: string, pos: number, message: string): string {
  const before = soql.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = soql.slice(lineStart).split('\n')[0] ?? '';
  return `\n${line}\n${' '.repeat(pos - lineStart)}^\nERROR at Row:${row}:Column:${pos - lineStart + 1}\n${message}`;
}

export function bindPath(db: Database, root: ObjectDef, fp: FieldPath, soql: string): BoundPath {
  const steps: FieldDef[] = [];
  const objects: ObjectDef[] = [root];
  let obj = root;
  for (const [i, segment] of fp.path.entries()) {
    const last = i === fp.path.length - 1;
    if (last) {
      const field = fieldDef(obj, segment);
      if (!field) {
        throw sfError.invalidQueryField(
          pointAt(
            soql,
            fp.pos,
            `No such column '${segment}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          ),
        );
      }
      const get = (rec: SRecord) => {
        let current: SRecord | undefined = rec;
        for (const step of steps) {
          const id: unknown = current?.[step.name];
          current = typeof id === 'string' ? db.store.get(id)?.rec : undefined;
        }
        return current?.[field.name] ?? null;
      };
      return { field, get, steps, objects };
    }
    const lookup = [...obj.fields.values()].find((fd) => fd.relationshipName?.toLowerCase() === segment.toLowerCase());
    const target = lookup?.referenceTo ? objectDef(db.schema, lookup.referenceTo) : undefined;
    if (!lookup || !target) {
      throw sfError.invalidQueryField(
        pointAt(
          soql,
          fp.pos,
          `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    steps.push(lookup);
    objects.push(target);
    obj = target;
  }
  throw sfError.malformedQuery('empty field path');
}
