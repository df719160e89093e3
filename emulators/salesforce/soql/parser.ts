// Recursive-descent SOQL parser: SELECT list (fields, parent paths, COUNT(), child
// subqueries), WHERE with AND/OR/NOT/parentheses, ORDER BY, LIMIT, OFFSET.
import { sfError } from '../data/sf-error.ts';
import type { CompareOp, Condition, FieldPath, Literal, OrderBy, Query, SelectItem } from './ast.ts';
import type { Token } from './tokenizer.ts';
import { tokenize } from './tokenizer.ts';

const DATE_LITERALS = new Set([
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'THIS_WEEK',
  'LAST_WEEK',
  'NEXT_WEEK',
  'THIS_MONTH',
  'LAST_MONTH',
  'NEXT_MONTH',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
]);
const DATE_LITERALS_N = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO', 'LAST_N_MONTHS', 'NEXT_N_MONTHS']);
const CLAUSE_END = new Set(['WHERE', 'ORDER', 'LIMIT', 'OFFSET', 'FROM', 'GROUP', 'HAVING', 'FOR', 'WITH']);

class Parser {
  readonly #tokens: Token[];
  #i = 0;
  constructor(source: string) {
    this.#tokens = tokenize(source);
  }

  get #tok(): Token {
    return this.#tokens[this.#i] ?? { kind: 'eof', text: '', pos: 0 };
  }

  #isWord(word: string, offset = 0): boolean {
    const tok = this.#tokens[this.#i + offset];
    return tok?.kind === 'ident' && tok.text.toUpperCase() === word;
  }

  #unexpected(): never {
    const tok = this.#tok;
    throw sfError.malformedQuery(tok.kind === 'eof' ? 'unexpected token: <EOF>' : `unexpected token: '${tok.text}'`);
  }

  #expectWord(word: string): void {
    if (!this.#isWord(word)) this.#unexpected();
    this.#i++;
  }

  #expectPunct(text: string): void {
    if (this.#tok.text !== text || this.#tok.kind === 'string') this.#unexpected();
    this.#i++;
  }

  #ident(): Token {
    const tok = this.#tok;
    if (tok.kind !== 'ident') this.#unexpected();
    this.#i++;
    return tok;
  }

  #path(): FieldPath {
    const first = this.#ident();
    const path = [first.text];
    while (this.#tok.text === '.' && this.#tok.kind === 'punct') {
      this.#i++;
      path.push(this.#ident().text);
    }
    return { path, pos: first.pos };
  }

  query(nested: boolean): Query {
    this.#expectWord('SELECT');
    const select: SelectItem[] = [];
    do {
      if (select.length) this.#i++;
      select.push(this.#selectItem());
    } while (this.#tok.text === ',');
    this.#expectWord('FROM');
    const fromTok = this.#ident();
    let where: Condition | undefined;
    const orderBy: OrderBy[] = [];
    let limit: number | undefined;
    let offset: number | undefined;
    if (this.#isWord('WHERE')) {
      this.#i++;
      where = this.#or();
    }
    if (this.#isWord('ORDER')) {
      this.#i++;
      this.#expectWord('BY');
      do {
        if (orderBy.length) this.#i++;
        orderBy.push(this.#order());
      } while (this.#tok.text === ',');
    }
    if (this.#isWord('LIMIT')) {
      this.#i++;
      limit = this.#integer();
    }
    if (this.#isWord('OFFSET')) {
      this.#i++;
      offset = this.#integer();
    }
    if (nested ? this.#tok.text !== ')' : this.#tok.kind !== 'eof') this.#unexpected();
    return { select, from: fromTok.text, fromPos: fromTok.pos, where, orderBy, limit, offset };
  }

  #integer(): number {
    const tok = this.#tok;
    if (tok.kind !== 'number' || !/^\d+$/.test(tok.text)) this.#unexpected();
    this.#i++;
    return Number(tok.text);
  }

  #selectItem(): SelectItem {
    if (this.#tok.text === '(') {
      this.#i++;
      const query = this.query(true);
      this.#expectPunct(')');
      return { kind: 'subquery', query };
    }
    if (this.#isWord('COUNT') && this.#tokens[this.#i + 1]?.text === '(') {
      const pos = this.#tok.pos;
      this.#i += 2;
      const field = this.#tok.text === ')' ? undefined : this.#path();
      this.#expectPunct(')');
      return field ? { kind: 'count', field, pos } : { kind: 'count', pos };
    }
    if (this.#tok.kind === 'ident' && CLAUSE_END.has(this.#tok.text.toUpperCase())) this.#unexpected();
    return { kind: 'field', field: this.#path() };
  }

  #order(): OrderBy {
    const field = this.#path();
    let descending = false;
    if (this.#isWord('ASC')) this.#i++;
    else if (this.#isWord('DESC')) {
      this.#i++;
      descending = true;
    }
    // Salesforce's default: nulls first when ascending, last when descending.
    let nullsLast = descending;
    if (this.#isWord('NULLS')) {
      this.#i++;
      if (this.#isWord('FIRST')) nullsLast = false;
      else if (this.#isWord('LAST')) nullsLast = true;
      else this.#unexpected();
      this.#i++;
    }
    return { field, descending, nullsLast };
  }

  #or(): Condition {
    let left = this.#and();
    while (this.#isWord('OR')) {
      this.#i++;
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Condition {
    let left = this.#unary();
    while (this.#isWord('AND')) {
      this.#i++;
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): Condition {
    if (this.#isWord('NOT')) {
      this.#i++;
      return { kind: 'not', inner: this.#unary() };
    }
    if (this.#tok.text === '(' && this.#tok.kind === 'punct') {
      this.#i++;
      const inner = this.#or();
      this.#expectPunct(')');
      return inner;
    }
    return this.#predicate();
  }

  #predicate(): Condition {
    const field = this.#path();
    if (this.#isWord('LIKE')) {
      this.#i++;
      const tok = this.#tok;
      if (tok.kind !== 'string') this.#unexpected();
      this.#i++;
      return { kind: 'like', field, pattern: tok.text };
    }
    const negate = this.#isWord('NOT') && this.#isWord('IN', 1);
    if (negate || this.#isWord('IN')) {
      this.#i += negate ? 2 : 1;
      this.#expectPunct('(');
      if (this.#isWord('SELECT'))
        throw sfError.malformedQuery('semi-join subqueries are not supported by the emulator');
      const values: Literal[] = [];
      do {
        if (values.length) this.#i++;
        values.push(this.#literal());
      } while (this.#tok.text === ',');
      this.#expectPunct(')');
      return { kind: 'in', field, negate, values };
    }
    const opTok = this.#tok;
    if (opTok.kind !== 'op') this.#unexpected();
    this.#i++;
    const op = (opTok.text === '<>' ? '!=' : opTok.text) as CompareOp;
    return { kind: 'compare', field, op, value: this.#literal() };
  }

  #literal(): Literal {
    const tok = this.#tok;
    this.#i++;
    switch (tok.kind) {
      case 'string':
        return { kind: 'string', value: tok.text };
      case 'number':
        return { kind: 'number', value: Number(tok.text) };
      case 'date':
        return { kind: 'date', value: tok.text };
      case 'datetime':
        return { kind: 'datetime', value: tok.text };
      case 'ident': {
        const word = tok.text.toUpperCase();
        if (word === 'NULL') return { kind: 'null' };
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE' };
        if (DATE_LITERALS.has(word)) return { kind: 'dateLiteral', name: word };
        if (DATE_LITERALS_N.has(word)) {
          this.#expectPunct(':');
          return { kind: 'dateLiteral', name: word, n: this.#integer() };
        }
        break;
      }
      default:
        break;
    }
    this.#i--;
    this.#unexpected();
  }
}

export function parseSoql(source: string): Query {
  return new Parser(source).query(false);
}
