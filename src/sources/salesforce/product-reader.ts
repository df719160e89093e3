import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { Article } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { ArticleRead } from '../source.ts';
import { assertId, num, text } from './deal-reader.ts';
import { ORG_CONNECTION } from './settings.ts';

/**
 * Reads a Product2 with its standard price book entry and turns it into the article it becomes:
 * ProductCode → ArticleNumber, Name → Description, QuantityUnitOfMeasure → unit, the product's
 * Fortnox VAT Rate (a picklist the metadata adds; the tenant default when empty) and the standard
 * price. Fortnox's default price list is in SEK, so in a multi-currency org the SEK entry is the
 * price; with none in SEK no price is set (the article still is).
 */

export const PRODUCT_VAT_FIELD = 'Fortnox_VAT_Rate__c';

/** Salesforce's standard unit picklist values → Fortnox's unit codes (units finance has by default). */
const UNITS: Readonly<Record<string, string>> = { each: 'st', hour: 'h', hours: 'h', piece: 'st', pieces: 'st' };

const entrySchema = z.object({
  Pricebook2Id: z.string(),
  UnitPrice: num,
  IsActive: z.boolean().nullish(),
  CurrencyIsoCode: text,
});
const productSchema = z.object({
  Id: z.string(),
  Name: text,
  ProductCode: text,
  IsActive: z.boolean().nullish(),
  QuantityUnitOfMeasure: text,
  [PRODUCT_VAT_FIELD]: z.union([z.string(), z.number()]).nullish(),
  PricebookEntries: z.object({ records: z.array(entrySchema) }).nullish(),
});

interface ProductFeatures {
  multiCurrency: boolean;
  vatField: boolean;
  standardPricebookId: string | undefined;
}
const productFeatures = new WeakMap<Connection, Promise<ProductFeatures>>();

function featuresOf(conn: Connection): Promise<ProductFeatures> {
  let found = productFeatures.get(conn);
  if (!found) {
    found = Promise.all([
      conn.sobject('Product2').describe(),
      conn.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE IsStandard = true'),
    ]).then(([d, standard]) => ({
      multiCurrency: d.fields.some((f) => f.name === 'CurrencyIsoCode'),
      vatField: d.fields.some((f) => f.name === PRODUCT_VAT_FIELD),
      standardPricebookId: standard.records[0]?.Id,
    }));
    found.catch(() => productFeatures.delete(conn));
    productFeatures.set(conn, found);
  }
  return found;
}

function vatRate(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const rate = Number(value);
  return [25, 12, 6, 0].includes(rate) ? rate : undefined;
}

export async function readProduct(
  conn: Connection,
  productId: string,
  connection: string = ORG_CONNECTION,
): Promise<ArticleRead> {
  assertId(productId);
  const f = await featuresOf(conn);
  const fields = ['Id', 'Name', 'ProductCode', 'IsActive', 'QuantityUnitOfMeasure'];
  if (f.vatField) fields.push(PRODUCT_VAT_FIELD);
  const entries = `(SELECT Pricebook2Id, UnitPrice, IsActive${f.multiCurrency ? ', CurrencyIsoCode' : ''} FROM PricebookEntries)`;
  const result = await conn.query(`SELECT ${fields.join(', ')}, ${entries} FROM Product2 WHERE Id = '${productId}'`);
  if (result.records[0] === undefined) return { kind: 'gone' };
  const product = productSchema.parse(result.records[0]);
  const title = product.Name ?? product.ProductCode ?? product.Id;
  if (product.ProductCode === undefined) {
    return {
      kind: 'blocked',
      title,
      code: 'product_code_missing',
      message:
        'This product has no Product Code, so it cannot become a Fortnox article (invoice rows find the article by it). Give the product a code and save it.',
    };
  }
  const standard = (product.PricebookEntries?.records ?? []).filter(
    (e) => e.Pricebook2Id === f.standardPricebookId && e.IsActive !== false,
  );
  const entry = f.multiCurrency ? standard.find((e) => e.CurrencyIsoCode === 'SEK') : standard[0];
  const unit = UNITS[(product.QuantityUnitOfMeasure ?? '').trim().toLowerCase()];
  const article: Article = {
    source: { system: 'salesforce', connection, object: 'Product2', id: product.Id },
    title,
    number: product.ProductCode.trim(),
    description: product.Name ?? product.ProductCode,
    active: product.IsActive !== false,
    ...defined({
      unit,
      vatRate: vatRate(product[PRODUCT_VAT_FIELD]),
      price: entry?.UnitPrice ?? undefined,
    }),
  };
  return { kind: 'article', article };
}
