import { unwrap } from '../crud.ts';
import { FortnoxError, KNOWN, NOT_FOUND } from '../errors.ts';
import { applyFields, N, RO, S, type Spec } from '../fields.ts';
import { type ApiResult, ok } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { num, type Rec, round, str } from '../values.ts';

/**
 * `/3/prices` and `/3/pricelists` (reference §4.2): an article's price per price list and
 * quantity step. The price at FromQuantity 0 in the default list "A" is what the article shows as
 * `SalesPrice` and what an invoice row without a Price takes. [unverified] Whether Fortnox makes a
 * price when an article is created (here: not until one is posted), and the codes of a missing
 * price or list (placeholders in errors.ts).
 */

const DEFAULT_LIST = 'A';
const spec: Spec = { ArticleNumber: S(50), PriceList: S(), FromQuantity: N(2), Price: N(2), Percent: N(2), Date: RO };

const keyOf = (list: string, article: string, from: number): string => `${list}|${article}|${round(from)}`;

/** Price lists: the default one only (the emulator has no /3/pricelists writes). */
export function listPriceLists(t: Tenant): ApiResult {
  const list = {
    '@url': t.env.url(`pricelists/${DEFAULT_LIST}`),
    Code: DEFAULT_LIST,
    Description: 'Standard',
    PreSelected: true,
  };
  return ok({ MetaInformation: { '@TotalResources': 1, '@TotalPages': 1, '@CurrentPage': 1 }, PriceLists: [list] });
}

function answer(t: Tenant, rec: Rec): Rec {
  const path = `prices/${str(rec.PriceList)}/${encodeURIComponent(str(rec.ArticleNumber))}/${num(rec.FromQuantity)}`;
  return { '@url': t.env.url(path), ...rec };
}

function checkRefs(t: Tenant, list: string, article: string): void {
  if (list !== DEFAULT_LIST) throw new FortnoxError(400, NOT_FOUND.pricelists.code, NOT_FOUND.pricelists.message);
  if (!t.articles.get(article)) throw new FortnoxError(400, KNOWN.articleMissing.code, KNOWN.articleMissing.message);
}

/** The default list's first price is the article's SalesPrice. */
function mirror(t: Tenant, list: string, article: string): void {
  const rec = t.articles.get(article);
  if (!rec || list !== DEFAULT_LIST) return;
  const base = t.prices.get(keyOf(list, article, 0));
  rec.SalesPrice = base ? num(base.Price) : null;
  t.articles.touch(article, t.now());
}

function found(t: Tenant, list: string, article: string, from: number): Rec {
  const rec = t.prices.get(keyOf(list, article, from));
  if (!rec) throw new FortnoxError(404, NOT_FOUND.prices.code, NOT_FOUND.prices.message);
  return rec;
}

export function createPrice(t: Tenant, body: unknown): ApiResult {
  const payload = unwrap({ single: 'Price' }, body);
  const rec: Rec = { ArticleNumber: null, PriceList: DEFAULT_LIST, FromQuantity: 0, Price: 0, Percent: 0, Date: null };
  applyFields(t.env, rec, payload, spec, [], true);
  const list = str(rec.PriceList);
  const article = str(rec.ArticleNumber);
  checkRefs(t, list, article);
  const key = keyOf(list, article, num(rec.FromQuantity));
  if (t.prices.has(key)) throw t.env.err('duplicateNumber', `${article} ${num(rec.FromQuantity)}`);
  rec.Date = new Date(t.now()).toISOString().slice(0, 10);
  t.prices.set(key, rec);
  mirror(t, list, article);
  return ok({ Price: answer(t, rec) }, 201);
}

export function getPrice(t: Tenant, list: string, article: string, from = '0'): ApiResult {
  return ok({ Price: answer(t, found(t, list, article, Number(from))) });
}

export function updatePrice(t: Tenant, list: string, article: string, body: unknown, from = '0'): ApiResult {
  const rec = structuredClone(found(t, list, article, Number(from)));
  // The path names the price; only its Price and Percent change.
  applyFields(t.env, rec, unwrap({ single: 'Price' }, body), spec, ['ArticleNumber', 'PriceList', 'FromQuantity']);
  rec.Price = round(num(rec.Price));
  rec.Date = new Date(t.now()).toISOString().slice(0, 10);
  t.prices.set(keyOf(list, article, Number(from)), rec);
  mirror(t, list, article);
  return ok({ Price: answer(t, rec) });
}

export function deletePrice(t: Tenant, list: string, article: string, from: string): ApiResult {
  found(t, list, article, Number(from));
  t.prices.delete(keyOf(list, article, Number(from)));
  mirror(t, list, article);
  return { status: 204 };
}

/** All quantity steps of one article in one list. */
export function priceSublist(t: Tenant, list: string, article: string): ApiResult {
  checkRefs(t, list, article);
  const prices = [...t.prices.values()]
    .filter((p) => p.PriceList === list && p.ArticleNumber === article)
    .sort((a, b) => num(a.FromQuantity) - num(b.FromQuantity))
    .map((p) => answer(t, p));
  return ok({
    MetaInformation: { '@TotalResources': prices.length, '@TotalPages': 1, '@CurrentPage': 1 },
    Prices: prices,
  });
}
