import { z } from 'zod';

/**
 * Decoders for Fortnox's mixed JSON types (reference §4.0, §9): DocumentNumber and OCR as strings,
 * quantities as "1.13", booleans as "false", CurrencyRate a string in lists and a number in single
 * GETs, empty dates as `null` or `""`. Each decoder accepts every form seen and yields one clean
 * type, so callers never compare "39" with 39. A value of the wrong kind (a word where a number
 * belongs) still fails: lenient about representation, strict about meaning.
 */

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();

/** Text; numbers become their decimal string, null/missing become "". */
export const text = scalar.transform((v) => (v === null || v === undefined ? '' : String(v)));

/** Text that may be absent: "" / null / missing → null. */
export const maybeText = scalar.transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));

function toNumber(v: string | number | boolean | null | undefined, ctx: z.RefinementCtx): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') {
    ctx.addIssue({ code: 'custom', message: 'expected a number, got a boolean' });
    return z.NEVER;
  }
  const trimmed = v.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  if (Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got "${trimmed.slice(0, 20)}"` });
    return z.NEVER;
  }
  return n;
}

/** A number that may be absent: 12, "12", "12.5" → number; "", null, missing → null. */
export const maybeNumber = scalar.transform(toNumber);

/** An amount or count that Fortnox treats as 0 when empty. */
export const amount = scalar.transform((v, ctx) => toNumber(v, ctx) ?? 0);

/** true/false, "true"/"false", 1/0; empty → false. */
export const flag = scalar.transform((v, ctx) => {
  if (v === true || v === 'true' || v === 1 || v === '1') return true;
  if (v === false || v === 'false' || v === 0 || v === '0' || v === '' || v === null || v === undefined) return false;
  ctx.addIssue({ code: 'custom', message: `expected a boolean, got ${JSON.stringify(v)}` });
  return z.NEVER;
});

/** YYYY-MM-DD (or a timestamp) that may be empty: "" / null → null. */
export const maybeDate = scalar.transform((v, ctx) => {
  if (v === null || v === undefined || v === '') return null;
  const s = String(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) {
    ctx.addIssue({ code: 'custom', message: `expected a date, got "${s.slice(0, 20)}"` });
    return z.NEVER;
  }
  return s;
});

/** A document reference where Fortnox writes "0" or 0 for "none" (CreditInvoiceReference…). */
export const reference = scalar.transform((v) =>
  v === null || v === undefined || v === '' || v === 0 || v === '0' ? null : String(v),
);

/** `{"MetaInformation":{"@TotalResources":34,"@TotalPages":1,"@CurrentPage":1}}` */
export const MetaInformation = z
  .object({
    '@TotalResources': amount,
    '@TotalPages': amount,
    '@CurrentPage': amount,
  })
  .transform((m) => ({
    totalResources: m['@TotalResources'],
    totalPages: m['@TotalPages'],
    currentPage: m['@CurrentPage'],
  }));
export type PageInfo = z.output<typeof MetaInformation>;

/** `{ [key]: item }`, Fortnox's single-entity envelope, unwrapped. */
export function envelope<K extends string, S extends z.ZodType>(key: K, item: S) {
  return z.object({ [key]: item } as Record<K, S>).transform((e) => (e as Record<K, z.output<S>>)[key]);
}

/** `{ MetaInformation, [key]: item[] }`, Fortnox's list envelope. */
export function listEnvelope<K extends string, S extends z.ZodType>(key: K, item: S) {
  return z
    .object({ MetaInformation: MetaInformation.optional(), [key]: z.array(item) } as Record<K, z.ZodArray<S>> & {
      MetaInformation: z.ZodOptional<typeof MetaInformation>;
    })
    .transform((e) => {
      const record = e as Record<string, unknown>;
      return {
        items: record[key] as z.output<S>[],
        page: (record.MetaInformation as PageInfo | undefined) ?? { totalResources: 0, totalPages: 0, currentPage: 1 },
      };
    });
}
