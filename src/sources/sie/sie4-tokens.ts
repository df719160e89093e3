/**
 * One SIE line split into its label and fields, as SIE 4B §5 defines them: fields are separated
 * by spaces or tabs; a field with spaces is enclosed in quotation marks, and "quotation marks in
 * export fields are to be preceded by a backslash (ASCII 92)" (§5.7, e.g. `#KONTO 1915 "Kassa
 * \"special\""` in §10.15); "there are to be no control characters in text strings" (§5.7); an
 * object list is enclosed in braces, `{1 "Nord" 6 "0001"}` or `{}` (the #TRANS item).
 */

export type Field = { kind: 'text'; value: string; quoted: boolean } | { kind: 'list'; items: string[] };

export interface Tokens {
  label: string;
  fields: Field[];
}

export class TokenError extends Error {}

/** Splits a line that starts with `#`; throws TokenError with a plain reason when it cannot. */
export function tokenize(line: string): Tokens {
  const control = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(line);
  if (control) {
    throw new TokenError(`contains a control character (code ${control[0].charCodeAt(0)}), which SIE does not allow`);
  }
  const fields: Field[] = [];
  let i = 0;
  const n = line.length;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t';
  let list: string[] | undefined;
  while (i < n) {
    const c = line[i];
    if (blank(c)) {
      i++;
      continue;
    }
    if (c === '{') {
      if (list) throw new TokenError('has a “{” inside an object list');
      list = [];
      i++;
      continue;
    }
    if (c === '}') {
      if (!list) throw new TokenError('has a “}” without its “{”');
      fields.push({ kind: 'list', items: list });
      list = undefined;
      i++;
      continue;
    }
    const [token, next] = c === '"' ? quoted(line, i) : bare(line, i);
    if (list) list.push(token.value);
    else fields.push(token);
    i = next;
  }
  if (list) throw new TokenError('has an object list that is not closed with “}”');
  const head = fields.shift();
  if (head?.kind !== 'text' || !head.value.startsWith('#')) throw new TokenError('does not start with a #label');
  return { label: head.value.toUpperCase(), fields };
}

function quoted(line: string, start: number): [Field & { kind: 'text' }, number] {
  let value = '';
  let i = start + 1;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\' && line[i + 1] === '"') {
      value += '"';
      i += 2;
      continue;
    }
    if (c === '"') return [{ kind: 'text', value, quoted: true }, i + 1];
    value += c;
    i++;
  }
  throw new TokenError('has a quoted text that is not closed with "');
}

function bare(line: string, start: number): [Field & { kind: 'text' }, number] {
  let i = start;
  while (i < line.length && !' \t{}"'.includes(line[i] ?? ' ')) i++;
  return [{ kind: 'text', value: line.slice(start, i), quoted: false }, i];
}
