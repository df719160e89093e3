// Compiles a WHERE tree into a predicate. Literal types are checked against the field type
// first, with Salesforce's own wording, because a wrongly quoted value is a common admin error.
import { normalizeId } from '../data/ids.ts';
import { SfError, sfError } from '../data/sf-error.ts';
import type { FieldDef, SRecord, Value } from '../schema/types.ts';
import type { CompareOp, Condition, FieldPath, Literal } from './ast.ts';
import { literalRange, storedInstant } from './date-literals.ts';

export type Accessor = { readonly field: FieldDef; get(rec: SRecord): Value };
export type Predicate = (rec: SRecord) => boolean;

const NUMERIC = new Set(['currency', 'double', 'percent', 'int']);

function typeName(fd: FieldDef): string {
  if (NUMERIC.has(fd.type)) return fd.type === 'int' ? 'int' : 'double';
  if (fd.type === 'date' || fd.type === 'datetime' || fd.type === 'boolean') return fd.type;
  return 'string';
}

function checkLiteral(fd: FieldDef, literal: Literal): void {
  if (literal.kind === 'null') return;
  const kind = typeName(fd);
  const ok =
    (kind === 'string' && literal.kind === 'string') ||
    ((kind === 'double' || kind === 'int') && literal.kind === 'number') ||
    (kind === 'boolean' && literal.kind === 'boolean') ||
    (kind === 'date' && (literal.kind === 'date' || literal.kind === 'dateLiteral')) ||
    (kind === 'datetime' && (literal.kind === 'datetime' || literal.kind === 'dateLiteral'));
  if (!ok) {
    const quoting = kind === 'string' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
    throw sfError.invalidQueryField(
      `value of filter criterion for field '${fd.name}' must be of type ${kind} and ${quoting}`,
    );
  }
  if ((fd.type === 'id' || fd.type === 'reference') && literal.kind === 'string' && !normalizeId(literal.value)) {
    throw new SfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`);
  }
}

/** A comparable form of a literal for non-date fields. */
function operand(fd: FieldDef, literal: Literal): Value {
  switch (literal.kind) {
    case 'null':
      return null;
    case 'string':
      if (fd.type === 'id' || fd.type === 'reference') return normalizeId(literal.value) ?? literal.value;
      return literal.value.toLowerCase();
    case 'number':
    case 'boolean':
      return literal.value;
    default:
      return null;
  }
}

function comparable(fd: FieldDef, value: Value): Value {
  return typeof value === 'string' && fd.type !== 'id' && fd.type !== 'reference' ? value.toLowerCase() : value;
}

function compareValues(op: CompareOp, a: Value, b: Value): boolean {
  if (op === '=') return a === b;
  if (op === '!=') return a !== b;
  if (a === null || b === null) return false;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
}

function compareRange(op: CompareOp, value: Value, literal: Literal, now: number): boolean {
  if (literal.kind === 'null') return op === '=' ? value === null : op === '!=' ? value !== null : false;
  const range = literalRange(literal, now);
  if (value === null || typeof value !== 'string' || !range) return op === '!=';
  const v = storedInstant(value);
  const inside = v >= range.start && v < range.end;
  switch (op) {
    case '=':
      return inside;
    case '!=':
      return !inside;
    case '<':
      return v < range.start;
    case '<=':
      return v < range.end;
    case '>':
      return v >= range.end;
    default:
      return v >= range.start;
  }
}

function likeRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern[++i];
      continue;
    }
    source += ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

export function compileCondition(cond: Condition, bind: (fp: FieldPath) => Accessor, now: number): Predicate {
  switch (cond.kind) {
    case 'and': {
      const l = compileCondition(cond.left, bind, now);
      const r = compileCondition(cond.right, bind, now);
      return (rec) => l(rec) && r(rec);
    }
    case 'or': {
      const l = compileCondition(cond.left, bind, now);
      const r = compileCondition(cond.right, bind, now);
      return (rec) => l(rec) || r(rec);
    }
    case 'not': {
      const inner = compileCondition(cond.inner, bind, now);
      return (rec) => !inner(rec);
    }
    case 'like': {
      const acc = bind(cond.field);
      const regex = likeRegex(cond.pattern);
      return (rec) => {
        const v = acc.get(rec);
        return typeof v === 'string' && regex.test(v);
      };
    }
    case 'compare':
    case 'in': {
      const acc = bind(cond.field);
      const fd = acc.field;
      const literals = cond.kind === 'in' ? cond.values : [cond.value];
      for (const literal of literals) checkLiteral(fd, literal);
      const dateLike = fd.type === 'date' || fd.type === 'datetime';
      if (cond.kind === 'compare') {
        const { op, value: literal } = cond;
        if (dateLike) return (rec) => compareRange(op, acc.get(rec), literal, now);
        const b = operand(fd, literal);
        return (rec) => compareValues(op, comparable(fd, acc.get(rec)), b);
      }
      const { negate } = cond;
      const test = dateLike
        ? (v: Value) => literals.some((literal) => compareRange('=', v, literal, now))
        : (
            (set: Set<Value>) => (v: Value) =>
              set.has(comparable(fd, v))
          )(new Set(literals.map((l) => operand(fd, l))));
      return (rec) => test(acc.get(rec)) !== negate;
    }
  }
}
