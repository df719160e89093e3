import type { ErrorDef } from './errors.ts';
import type { Spec } from './fields.ts';
import type { Table, Tenant } from './tenant.ts';
import type { Json, Rec } from './values.ts';

/** How a list search parameter matches: Fortnox field search is case-insensitive substring. */
export type SearchMatch =
  | { field: string; how: 'substring' | 'exact' | 'bool' }
  | { fn: (rec: Rec, value: string, t: Tenant) => boolean };

/** Everything the generic CRUD needs to serve one Fortnox resource under /3/. */
export interface ResourceDef {
  path: string;
  single: string;
  plural: string;
  scope: string;
  table: (t: Tenant) => Table;
  key: string;
  spec: Spec;
  notFound: ErrorDef;
  /** Full record with defaults, keys in the order Fortnox answers them. */
  blank: (t: Tenant) => Rec;
  /** Id assigned from the series when the body has none. */
  autoNumber: boolean;
  required?: readonly string[];
  /** The key cannot change after create (ArticleNumber, Code, ...). */
  keyImmutable?: boolean;
  listKeys: readonly string[];
  /** List items differ in type from the full object for some fields [VCR]. */
  listItem?: (rec: Rec, t: Tenant) => Rec;
  search: Record<string, SearchMatch>;
  filters?: Record<string, (rec: Rec, t: Tenant) => boolean>;
  /** sortby value → field. */
  sortable: Record<string, string>;
  defaultSort: string;
  /** `lastmodified` is refused (2000588) on some resources, e.g. currencies [softwerkab #260]. */
  noLastModified?: boolean;
  /** Accepted query parameters that do not filter in the emulator (financialyear, ...). */
  passiveParams?: readonly string[];
  deletable: boolean;
  /** Validation and derived fields; throws FortnoxError. `payload` is the inner object. */
  beforeSave?: (t: Tenant, rec: Rec, payload: Rec, created: boolean, previous: Rec | undefined) => void;
  afterSave?: (t: Tenant, rec: Rec, created: boolean) => void;
  /** Extra read-only links (e.g. @urlTaxReductionList). */
  links?: (t: Tenant, key: string) => Record<string, Json>;
  /** Quirks of the single-object answer; `write` is true for POST/PUT answers. */
  serialize?: (rec: Rec, write: boolean) => Rec;
}

/** What a /3/ handler produces; the router writes it (or, on a fault, does not). */
export interface ApiResult {
  status: number;
  body?: Rec;
  file?: { contentType: string; data: Buffer };
}

export const ok = (body: Rec, status = 200): ApiResult => ({ status, body });
