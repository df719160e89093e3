import type { Article } from '../core/documents.ts';
import { toAppError } from '../core/errors.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord } from '../db/ledger-claim.repo.ts';
import { findRecordsForSource, type SyncRecord, transition } from '../db/sync-records.repo.ts';
import type { FortnoxArticleChanges, FortnoxArticleFields, FortnoxArticleRecord } from './article-port.ts';
import { isPermanent, NeedsAttentionError, park } from './attention.ts';
import type { SinkContext } from './context.ts';
import { payloadHash } from './payloads.ts';
import { rememberArticle } from './reference-data.ts';

/**
 * A source product → the Fortnox article with its number (the product code) and its base price in
 * the default price list, in one tenant, exactly once: the ledger row (kind 'article') is claimed
 * first; the article is looked up by number before any create, so an interrupted create (the row
 * left in `creating`) is adopted, never made twice — and so is an article finance made by hand.
 * An unchanged product costs no request (the hash of what was last sent). Inactive products make
 * the article inactive; nothing is ever deleted in Fortnox.
 */

/** Fortnox's article number rule (reference §4.2): letters, digits and - + / . _, at most 50. */
const ARTICLE_NUMBER = /^[A-Za-z0-9\-+/._]{1,50}$/;
const DESCRIPTION_MAX = 200;

/** BAS sales accounts by Swedish VAT rate; the article's VAT follows its sales account (reference §8). */
const SALES_ACCOUNT_BY_VAT: Readonly<Record<number, number>> = { 25: 3001, 12: 3002, 6: 3003, 0: 3004 };

export function articleFields(article: Article, defaultVatRate: number): FortnoxArticleFields {
  const vat = article.vatRate ?? defaultVatRate;
  const fields: FortnoxArticleFields = {
    ArticleNumber: article.number,
    Description: article.description.slice(0, DESCRIPTION_MAX) || article.number,
    Active: article.active,
  };
  const account = SALES_ACCOUNT_BY_VAT[vat];
  if (account !== undefined) fields.SalesAccount = account;
  if (article.unit !== undefined) fields.Unit = article.unit;
  return fields;
}

export function articleChanges(existing: FortnoxArticleRecord, wanted: FortnoxArticleFields): FortnoxArticleChanges {
  const changes: FortnoxArticleChanges = {};
  if (existing.Description !== wanted.Description) changes.Description = wanted.Description;
  if (existing.Active !== wanted.Active) changes.Active = wanted.Active;
  if (wanted.Unit !== undefined && existing.Unit !== wanted.Unit) changes.Unit = wanted.Unit;
  if (wanted.SalesAccount !== undefined && existing.SalesAccount !== wanted.SalesAccount)
    changes.SalesAccount = wanted.SalesAccount;
  return changes;
}

function checkNumber(article: Article): void {
  if (ARTICLE_NUMBER.test(article.number)) return;
  const why =
    article.number.length > 50
      ? `is ${article.number.length} characters long; Fortnox takes at most 50`
      : 'contains characters Fortnox does not accept in an article number (only letters A–Z, digits and - + / . _)';
  throw new NeedsAttentionError(
    `The product code “${article.number}” ${why}, so the product was not created as a Fortnox article. Change the product code; the article is created once it is saved.`,
    'article_number_invalid',
  );
}

/** Undefined when there was nothing to do (an inactive product that never became an article here). */
export async function syncArticle(ctx: SinkContext, article: Article): Promise<SyncRecord | undefined> {
  if (!article.active) {
    const known = (await findRecordsForSource(ctx.pool, article.source)).some(
      (r) => r.kind === 'article' && r.tenantId === ctx.tenantId,
    );
    if (!known) return undefined;
  }
  const key = { source: article.source, tenantId: ctx.tenantId, kind: 'article' as const };
  const state = { record: await withTransaction(ctx.pool, (c) => claimRecord(c, key, article.title)) };
  const wanted = articleFields(article, ctx.settings.defaultVatRate);
  const price = netPrice(article, ctx.settings.defaultVatRate);
  const hash = payloadHash({ wanted, price: price ?? null, matchOnly: article.matchOnly === true });
  const { record } = state;
  if (record.state === 'synced' && record.sourceHash === hash && record.fortnoxNumber === article.number) {
    rememberArticle(ctx.tenantId, article.number);
    return record;
  }
  try {
    checkNumber(article);
    const message = article.matchOnly
      ? await matchArticle(ctx, article)
      : await writeArticle(ctx, { ...article, ...(price === undefined ? {} : { price }) }, wanted, state);
    state.record = await transition(
      ctx.pool,
      state.record,
      'synced',
      { fortnoxNumber: article.number, sourceHash: hash, error: null, synced: true, countAttempt: true },
      { correlationId: ctx.correlationId, message, request: { article: wanted, price: price ?? null } },
    );
    rememberArticle(ctx.tenantId, article.number);
    return state.record;
  } catch (error) {
    if (!isPermanent(error)) throw error; // retried; a `creating` row looks the article up before posting
    const err = toAppError(error);
    const plain =
      error instanceof NeedsAttentionError || err.category !== 'validation'
        ? error
        : new NeedsAttentionError(`Fortnox refused the article ${article.number}: ${err.userMessage}`, err.code, {
            cause: error,
            remoteMessage: err.message,
          });
    return park(ctx, state.record, plain);
  }
}

/** The price list's price excludes VAT: a price entered with tax loses the article's VAT. */
function netPrice(article: Article, defaultVatRate: number): number | undefined {
  if (article.price === undefined || !article.priceIncludesVat) return article.price;
  const vat = article.vatRate ?? defaultVatRate;
  return Math.round((article.price / (1 + vat / 100)) * 100) / 100;
}

/** Match only: the article finance made is the product's; nothing is created or changed. */
async function matchArticle(ctx: SinkContext, article: Article): Promise<string> {
  if ((await ctx.fortnox.articles.get(article.number)) !== undefined) return `matched article ${article.number}`;
  throw new NeedsAttentionError(
    `${article.title} (${article.number}) is not an article in Fortnox, and this connection only matches products to articles. Create article ${article.number} in Fortnox, or set the connection's “Products become Fortnox articles” to create; then retry.`,
    'article_not_in_fortnox',
  );
}

async function writeArticle(
  ctx: SinkContext,
  article: Article,
  wanted: FortnoxArticleFields,
  state: { record: SyncRecord },
): Promise<string> {
  const existing = await ctx.fortnox.articles.get(article.number);
  let message: string;
  if (existing !== undefined) {
    const changes = articleChanges(existing, wanted);
    if (Object.keys(changes).length > 0) await ctx.fortnox.articles.update(article.number, changes);
    const how = state.record.state === 'creating' ? 'adopted the article an earlier attempt created' : 'article';
    message = `${how} ${article.number}${Object.keys(changes).length > 0 ? ` (updated ${Object.keys(changes).join(', ')})` : ''}`;
  } else {
    if (state.record.state !== 'creating') {
      state.record = await transition(
        ctx.pool,
        state.record,
        'creating',
        { countAttempt: true },
        { correlationId: ctx.correlationId, message: `creating article ${article.number}`, request: wanted },
      );
    }
    const adopted = await createOnce(ctx, wanted);
    message = adopted
      ? `adopted article ${article.number}: the create failed, but the article exists in Fortnox`
      : `created article ${article.number}`;
  }
  if (article.price === undefined) return message;
  const current = await ctx.fortnox.articles.basePrice(article.number);
  const price = Math.round(article.price * 100) / 100;
  if (current !== undefined && Math.abs(current - price) < 0.005) return message;
  await ctx.fortnox.articles.setBasePrice(article.number, price, current !== undefined);
  return `${message}; price ${price} in price list A`;
}

/**
 * A failed create whose article exists after all reached Fortnox (the answer was lost) or raced
 * another job or a person: it is that article. True when adopted so.
 */
async function createOnce(ctx: SinkContext, wanted: FortnoxArticleFields): Promise<boolean> {
  try {
    await ctx.fortnox.articles.create(wanted);
    return false;
  } catch (error) {
    if ((await ctx.fortnox.articles.get(wanted.ArticleNumber)) !== undefined) return true;
    throw error;
  }
}
