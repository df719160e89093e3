import { NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxRow } from './fortnox-port.ts';
import { forgetModes } from './payment-modes.ts';

/**
 * Fortnox reference data an invoice needs (enabled currencies, existing articles), cached per
 * process and tenant so that a steady stream of invoices costs about one request each.
 */

const CURRENCY_TTL_MS = 10 * 60_000;
const currencies = new Map<string, { at: number; codes: string[] }>();
const knownArticles = new Map<string, Set<string>>();

export async function enabledCurrencies(ctx: SinkContext): Promise<string[]> {
  const cached = currencies.get(ctx.tenantId);
  if (cached && Date.now() - cached.at < CURRENCY_TTL_MS) return cached.codes;
  const codes = await ctx.fortnox.enabledCurrencies();
  // SEK is the accounting currency and never listed as a foreign one.
  const withSek = codes.includes('SEK') ? codes : ['SEK', ...codes];
  currencies.set(ctx.tenantId, { at: Date.now(), codes: withSek });
  return withSek;
}

/**
 * Makes every row's article exist: known ones cost nothing, unknown ones are created or replaced by
 * the default article (by setting). Returns the rows as they should be sent.
 */
export async function resolveArticles(ctx: SinkContext, rows: FortnoxRow[]): Promise<FortnoxRow[]> {
  const known = knownArticles.get(ctx.tenantId) ?? new Set<string>();
  knownArticles.set(ctx.tenantId, known);
  const fallback = ctx.settings.defaultArticleNumber;
  const resolved: FortnoxRow[] = [];
  for (const row of rows) {
    const number = row.ArticleNumber;
    if (number === undefined || known.has(number)) {
      resolved.push(row);
      continue;
    }
    if (await ctx.fortnox.articleExists(number)) {
      known.add(number);
      resolved.push(row);
    } else if (ctx.settings.missingArticle === 'create') {
      await createArticleOnce(ctx, {
        ArticleNumber: number,
        Description: row.Description.slice(0, 200) || number,
        VAT: row.VAT,
      });
      known.add(number);
      resolved.push(row);
    } else if (fallback !== null) {
      resolved.push({ ...row, ArticleNumber: fallback });
    } else {
      throw new NeedsAttentionError(
        `Product code “${number}” is not an article in Fortnox, and no default article is configured. Create the article in Fortnox, or choose a default article or “create missing articles” in the dashboard.`,
        'article_missing',
      );
    }
  }
  return resolved;
}

/**
 * Two deals needing the same new article at once both try to create it; Fortnox refuses the second
 * ("number already used"). If the article exists after a refusal, the refusal was that race.
 */
async function createArticleOnce(
  ctx: SinkContext,
  article: { ArticleNumber: string; Description: string; VAT: number },
): Promise<void> {
  try {
    await ctx.fortnox.createArticle(article);
  } catch (error) {
    if (await ctx.fortnox.articleExists(article.ArticleNumber)) return;
    throw error;
  }
}

/** An article the product sync made or updated: invoice rows using its number need no lookup. */
export function rememberArticle(tenantId: string, articleNumber: string): void {
  const known = knownArticles.get(tenantId) ?? new Set<string>();
  known.add(articleNumber);
  knownArticles.set(tenantId, known);
}

/** Forget what this process learnt about a tenant (after Fortnox refused a document; in tests). */
export function forgetReferenceData(tenantId?: string): void {
  forgetModes(tenantId);
  if (tenantId === undefined) {
    currencies.clear();
    knownArticles.clear();
  } else {
    currencies.delete(tenantId);
    knownArticles.delete(tenantId);
  }
}
