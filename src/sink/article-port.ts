import type { CallOptions, FortnoxClient } from '../fortnox/index.ts';

/**
 * What the product sync needs from Fortnox: an article by its number (create, read, partial
 * update) and its base price in the default price list "A" (`/3/prices`, reference §4.2). Article
 * prices live in price lists, not on the article (SalesPrice is read-only there).
 */

export const DEFAULT_PRICE_LIST = 'A';

export interface FortnoxArticleFields {
  ArticleNumber: string;
  Description: string;
  Unit?: string;
  /** The sales account decides the article's VAT rate (reference §8). */
  SalesAccount?: number;
  Active: boolean;
}

export interface FortnoxArticleRecord {
  ArticleNumber: string;
  Description: string;
  Unit: string;
  SalesAccount: number | null;
  Active: boolean;
}

export type FortnoxArticleChanges = Partial<Omit<FortnoxArticleFields, 'ArticleNumber'>>;

export interface ArticlePort {
  get(articleNumber: string): Promise<FortnoxArticleRecord | undefined>;
  create(fields: FortnoxArticleFields): Promise<FortnoxArticleRecord>;
  update(articleNumber: string, changes: FortnoxArticleChanges): Promise<FortnoxArticleRecord>;
  /** The price from quantity 0 in the default list; undefined when the article has none there. */
  basePrice(articleNumber: string): Promise<number | undefined>;
  /** Sets that price: a PUT when one exists, else a POST. */
  setBasePrice(articleNumber: string, price: number, exists: boolean): Promise<void>;
  /** Stock of every article modified since then (all when undefined), 500 a request. */
  stockSince(since: Date | undefined): AsyncGenerator<{ articleNumber: string; quantity: number }>;
}

export function articlePort(client: FortnoxClient, o: CallOptions): ArticlePort {
  const record = (a: {
    ArticleNumber: string;
    Description: string;
    Unit: string;
    SalesAccount: number | null;
    Active: boolean;
  }): FortnoxArticleRecord => ({
    ArticleNumber: a.ArticleNumber,
    Description: a.Description,
    Unit: a.Unit,
    SalesAccount: a.SalesAccount,
    Active: a.Active,
  });
  return {
    get: async (number) => {
      const found = await client.articles.find(number, o);
      return found === undefined ? undefined : record(found);
    },
    create: async (fields) => record(await client.articles.create(fields, o)),
    update: async (number, changes) => record(await client.articles.update(number, changes, o)),
    basePrice: async (number) => (await client.prices.find(DEFAULT_PRICE_LIST, number, o))?.Price,
    setBasePrice: async (number, price, exists) => {
      if (exists) await client.prices.update(DEFAULT_PRICE_LIST, number, price, o);
      else
        await client.prices.create(
          { ArticleNumber: number, PriceList: DEFAULT_PRICE_LIST, FromQuantity: 0, Price: price },
          o,
        );
    },
    stockSince: async function* (since) {
      for await (const a of client.articles.list(since === undefined ? {} : { lastModified: since }, {
        limit: 500,
        ...o,
      }))
        yield { articleNumber: a.ArticleNumber, quantity: a.QuantityInStock };
    },
  };
}
