import { invalidInput } from './errors.ts';

/**
 * Query predicates [https://docs.commercetools.com/api/predicates/query]: comparisons (`= != <> < <= > >=`),
 * `and`/`or`/`not(…)`, parentheses, `in (…)`/`not in (…)`, `contains`/`contains any|all (…)`,
 * `is [not] defined`, `is [not] empty`, nested fields in parentheses (`lineItems(variant(sku = "A"))`,
 * any array element may match) and input variables (`:name` bound by `var.name=` parameters).
 * Date-times compare as instants, so `lastModifiedAt > "2024-01-01T00:00:00Z"` means what it says.
 */

export type Value = string | number | boolean;
export type Vars = Record<string, string[]>;

export type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; inner: Node }
  | { kind: 'nested'; field: string; inner: Node }
  | { kind: 'cmp'; field: string; op: string; value: Value }
  | { kind: 'in'; field: string; values: Value[]; negate: boolean }
  | { kind: 'contains'; field: string; mode: 'one' | 'any' | 'all'; values: Value[] }
  | { kind: 'is'; field: string; what: 'defined' | 'empty'; negate: boolean };

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?![\w-]))|(<>|!=|<=|>=|=|<|>)|([(),])|(:[A-Za-z_][\w]*)|([A-Za-z_][\w-]*))/y;

type Tok = { t: 'str' | 'num' | 'op' | 'punct' | 'var' | 'word'; v: string };

function lex(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw malformed(`unexpected input at position ${at}: '${text.slice(at, at + 12)}'`);
    const [, str, num, op, punct, variable, word] = m;
    if (str !== undefined) out.push({ t: 'str', v: JSON.parse(str) as string });
    else if (num !== undefined) out.push({ t: 'num', v: num });
    else if (op !== undefined) out.push({ t: 'op', v: op });
    else if (punct !== undefined) out.push({ t: 'punct', v: punct });
    else if (variable !== undefined) out.push({ t: 'var', v: variable.slice(1) });
    else if (word !== undefined) out.push({ t: 'word', v: word });
  }
  return out;
}

const malformed = (detail: string) => invalidInput(`Malformed parameter: where: ${detail}`);

export function parsePredicate(text: string, vars: Vars = {}): Node {
  const toks = lex(text);
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isWord = (w: string, at = i): boolean => toks[at]?.t === 'word' && toks[at]?.v.toLowerCase() === w;
  const expect = (v: string): void => {
    if (peek()?.v !== v) throw malformed(`expected '${v}' but found '${peek()?.v ?? 'end of input'}'`);
    i++;
  };
  const scalar = (): Value[] => {
    const tok = toks[i++];
    if (!tok) throw malformed('a value is missing');
    if (tok.t === 'str') return [tok.v];
    if (tok.t === 'num') return [Number(tok.v)];
    if (tok.t === 'word' && (tok.v === 'true' || tok.v === 'false')) return [tok.v === 'true'];
    if (tok.t === 'var') {
      const bound = vars[tok.v];
      if (!bound || bound.length === 0) throw malformed(`no value for input variable '${tok.v}' (var.${tok.v})`);
      return bound;
    }
    throw malformed(`'${tok.v}' is not a value`);
  };
  const list = (): Value[] => {
    expect('(');
    const values: Value[] = [...scalar()];
    while (peek()?.v === ',') {
      i++;
      values.push(...scalar());
    }
    expect(')');
    return values;
  };
  const field = (name: string): Node => {
    const tok = peek();
    if (tok?.v === '(') {
      i++;
      const inner = or();
      expect(')');
      return { kind: 'nested', field: name, inner };
    }
    if (tok?.t === 'op') {
      i++;
      const [value, ...rest] = scalar();
      if (value === undefined || rest.length > 0) throw malformed(`'${name} ${tok.v}' needs exactly one value`);
      return { kind: 'cmp', field: name, op: tok.v === '<>' ? '!=' : tok.v, value };
    }
    if (isWord('in')) {
      i++;
      return { kind: 'in', field: name, values: list(), negate: false };
    }
    if (isWord('not') && isWord('in', i + 1)) {
      i += 2;
      return { kind: 'in', field: name, values: list(), negate: true };
    }
    if (isWord('contains')) {
      i++;
      const mode = isWord('any') ? 'any' : isWord('all') ? 'all' : 'one';
      if (mode !== 'one') i++;
      return { kind: 'contains', field: name, mode, values: peek()?.v === '(' ? list() : scalar() };
    }
    if (isWord('is')) {
      i++;
      const negate = isWord('not');
      if (negate) i++;
      const what = peek()?.v.toLowerCase();
      if (what !== 'defined' && what !== 'empty') throw malformed(`'is' must be followed by 'defined' or 'empty'`);
      i++;
      return { kind: 'is', field: name, what, negate };
    }
    throw malformed(`unexpected '${tok?.v ?? 'end of input'}' after field '${name}'`);
  };
  const primary = (): Node => {
    const tok = peek();
    if (!tok) throw malformed('unexpected end of input');
    if (tok.v === '(') {
      i++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (isWord('not') && toks[i + 1]?.v === '(') {
      i++;
      expect('(');
      const inner = or();
      expect(')');
      return { kind: 'not', inner };
    }
    if (tok.t !== 'word') throw malformed(`a field name was expected, found '${tok.v}'`);
    i++;
    return field(tok.v);
  };
  const and = (): Node => {
    let left = primary();
    while (isWord('and')) {
      i++;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  function or(): Node {
    let left = and();
    while (isWord('or')) {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }
  const node = or();
  if (i < toks.length) throw malformed(`unexpected '${toks[i]?.v}'`);
  return node;
}
