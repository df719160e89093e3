// SOQL lexer. Keywords are case-insensitive and are returned as identifiers; the parser
// decides. Positions are kept so errors can point at "Row:1:Column:n" like Salesforce does.
import { sfError } from '../data/sf-error.ts';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';
export type Token = { readonly kind: TokenKind; readonly text: string; readonly pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPS = ['!=', '<>', '<=', '>=', '=', '<', '>'];
const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  '%': '\\%',
  _: '\\_',
};

function readString(source: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === "'") return { value, end: i + 1 };
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      const escaped = ESCAPES[next];
      if (escaped === undefined)
        throw sfError.malformedQuery(
          `Invalid string literal '${source.slice(start, i + 2)}'. Illegal character sequence '\\${next}' in string literal.`,
        );
      value += escaped;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw sfError.malformedQuery(`line 1:${start} mismatched character '<EOF>' expecting '''`);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    if (ch === "'") {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', text: value, pos: i });
      i = end;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      tokens.push({ kind: 'datetime', text: datetime[0], pos: i });
      i += datetime[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0], pos: i });
      i += date[0].length;
      continue;
    }
    const previous = tokens.at(-1);
    // A leading minus belongs to the number only where a value is expected.
    const numberAllowed =
      ch !== '-' ||
      previous?.kind === 'op' ||
      previous?.text === '(' ||
      previous?.text === ',' ||
      previous?.text === ':';
    const number = numberAllowed ? NUMBER.exec(rest) : null;
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const op = OPS.find((candidate) => rest.startsWith(candidate));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    if ('(),.:'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    throw sfError.malformedQuery(`line 1:${i} no viable alternative at character '${ch}'`);
  }
  tokens.push({ kind: 'eof', text: '', pos: source.length });
  return tokens;
}
