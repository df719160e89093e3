// Syntax tree of the SOQL subset the emulator understands.

export type FieldPath = { readonly path: readonly string[]; readonly pos: number };

export type SelectItem =
  | { readonly kind: 'field'; readonly field: FieldPath }
  | { readonly kind: 'count'; readonly field?: FieldPath; readonly pos: number }
  | { readonly kind: 'subquery'; readonly query: Query };

export type DateLiteral = { readonly kind: 'dateLiteral'; readonly name: string; readonly n?: number };

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'datetime'; readonly value: string }
  | DateLiteral;

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly inner: Condition }
  | { readonly kind: 'compare'; readonly field: FieldPath; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'in'; readonly field: FieldPath; readonly negate: boolean; readonly values: readonly Literal[] }
  | { readonly kind: 'like'; readonly field: FieldPath; readonly pattern: string };

export type OrderBy = {
  readonly field: FieldPath;
  readonly descending: boolean;
  readonly nullsLast: boolean;
};

export type Query = {
  readonly select: readonly SelectItem[];
  readonly from: string;
  readonly fromPos: number;
  readonly where?: Condition | undefined;
  readonly orderBy: readonly OrderBy[];
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
};
