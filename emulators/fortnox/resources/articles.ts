import { FortnoxError, KNOWN, NOT_FOUND } from '../errors.ts';
import { B, E, given, I, N, RO, S, type Spec } from '../fields.ts';
import type { ResourceDef } from '../resource.ts';
import type { Tenant } from '../tenant.ts';
import { type Json, num, type Rec, str } from '../values.ts';
import { articleAccountDefaults } from './sales-accounts.ts';

const spec: Spec = {
  ArticleNumber: S(50),
  Active: B,
  Bulky: B,
  ConstructionAccount: I,
  Depth: N(),
  Description: S(200),
  DisposableQuantity: RO,
  EAN: S(30),
  EUAccount: I,
  EUVATAccount: I,
  ExportAccount: I,
  Height: N(),
  Housework: B,
  HouseworkType: S(),
  Manufacturer: S(50),
  ManufacturerArticleNumber: S(50),
  Note: S(10000),
  PurchaseAccount: I,
  PurchasePrice: N(2),
  QuantityInStock: N(2),
  ReservedQuantity: RO,
  SalesAccount: I,
  // [unverified] SalesPrice is read-only in the C# SDK (prices live in /3/prices); the emulator
  // accepts it so a demo article can carry a price list "A" price.
  SalesPrice: N(2),
  StockGoods: B,
  StockPlace: S(100),
  StockValue: RO,
  StockWarning: N(2),
  SupplierName: RO,
  SupplierNumber: S(),
  Type: E('STOCK', 'SERVICE'),
  Unit: S(),
  VAT: RO,
  WebshopArticle: B,
  Weight: N(),
  Width: N(),
  Expired: B,
  CostCalculationMethod: S(),
  StockAccount: I,
  StockChangeAccount: I,
  DirectCost: N(2),
  FreightCost: N(2),
  OtherCost: N(2),
  DefaultStockPoint: S(),
  DefaultStockLocation: S(),
  CommodityCode: S(),
};

/**
 * Defaults of a new article as answered in Dec 2024 (CommodityCode, StockWarning null) [VCR
 * articles/limits]; the sales accounts are the company's predefined ones (3001/3108/3106/3105 recorded).
 */
function blank(t: Tenant): Rec {
  const n = null;
  const accounts = articleAccountDefaults(t, 'STOCK');
  return {
    ArticleNumber: n,
    Bulky: false,
    ConstructionAccount: 0,
    Depth: 0,
    Description: n,
    DisposableQuantity: 0,
    EAN: '',
    EUAccount: accounts.EUAccount ?? 0,
    EUVATAccount: accounts.EUVATAccount ?? 0,
    ExportAccount: accounts.ExportAccount ?? 0,
    Height: 0,
    Housework: false,
    HouseworkType: n,
    Active: true,
    Manufacturer: n,
    ManufacturerArticleNumber: '',
    Note: '',
    PurchaseAccount: 4000,
    PurchasePrice: 0,
    QuantityInStock: 0,
    ReservedQuantity: 0,
    SalesAccount: accounts.SalesAccount ?? 0,
    StockGoods: false,
    StockPlace: n,
    StockValue: 0,
    StockWarning: n,
    SupplierName: n,
    SupplierNumber: n,
    Type: 'STOCK',
    Unit: n,
    VAT: 0,
    WebshopArticle: false,
    Weight: 0,
    Width: 0,
    Expired: false,
    SalesPrice: n,
    CostCalculationMethod: n,
    StockAccount: n,
    StockChangeAccount: n,
    DirectCost: n,
    FreightCost: n,
    OtherCost: n,
    DefaultStockPoint: n,
    DefaultStockLocation: n,
    CommodityCode: '',
  };
}

const ACCOUNT_FIELDS = [
  'SalesAccount',
  'PurchaseAccount',
  'EUAccount',
  'EUVATAccount',
  'ExportAccount',
  'ConstructionAccount',
] as const;

function beforeSave(t: Tenant, rec: Rec, payload: Rec, created: boolean): void {
  if (created && rec.Type === 'SERVICE') {
    for (const [k, v] of Object.entries(articleAccountDefaults(t, 'SERVICE'))) if (!given(payload[k])) rec[k] = v;
  }
  if (!/^[A-Za-z0-9\-+/._]+$/.test(str(rec.ArticleNumber))) {
    throw new FortnoxError(400, KNOWN.badChars.code, `${KNOWN.badChars.message} (${str(rec.ArticleNumber)})`);
  }
  if (!given(rec.Description)) throw t.env.err('required', 'Description');
  // Only accounts the request names are checked: a defaulted PurchaseAccount missing from the
  // chart fails later, on an unrelated PUT, in real Fortnox [accodeing wiki] — not emulated.
  for (const k of ACCOUNT_FIELDS) {
    // ConstructionAccount 0 is the recorded "none" [VCR articles/*].
    if (k === 'ConstructionAccount' && num(rec[k]) === 0) continue;
    if (given(payload[k]) && !t.accountExists(num(rec[k]))) {
      throw new FortnoxError(400, KNOWN.accountMissing.code, `${KNOWN.accountMissing.message} (${k})`);
    }
  }
  if (given(rec.Unit) && !t.units.get(str(rec.Unit))) throw t.env.err('invalidValue', `Unit: ${str(rec.Unit)}`);
  // The article's VAT follows its sales account (reference §8).
  rec.VAT = t.accountVat.get(num(rec.SalesAccount)) ?? 0;
  rec.DisposableQuantity = num(rec.QuantityInStock) - num(rec.ReservedQuantity);
}

const asString = (v: Json | undefined): Json => (v === null || v === undefined ? null : String(v));

/** List items carry several numbers as strings and VAT as null [VCR articles/all]. */
function listItem(rec: Rec, t: Tenant): Rec {
  return {
    '@url': t.env.url(`articles/${encodeURIComponent(str(rec.ArticleNumber))}`),
    ArticleNumber: rec.ArticleNumber ?? null,
    Description: rec.Description ?? null,
    DisposableQuantity: asString(rec.DisposableQuantity),
    EAN: rec.EAN ?? '',
    Housework: rec.Housework ?? false,
    PurchasePrice: asString(rec.PurchasePrice),
    SalesPrice: asString(rec.SalesPrice),
    QuantityInStock: asString(rec.QuantityInStock),
    ReservedQuantity: asString(rec.ReservedQuantity),
    StockPlace: rec.StockPlace ?? null,
    StockValue: asString(rec.StockValue),
    Unit: rec.Unit ?? null,
    VAT: null,
    WebshopArticle: rec.WebshopArticle ?? false,
  };
}

export const articles: ResourceDef = {
  path: 'articles',
  single: 'Article',
  plural: 'Articles',
  scope: 'article',
  table: (t) => t.articles,
  key: 'ArticleNumber',
  spec,
  notFound: NOT_FOUND.articles,
  blank,
  autoNumber: true,
  keyImmutable: true,
  listKeys: [],
  listItem,
  search: {
    articlenumber: { field: 'ArticleNumber', how: 'substring' },
    description: { field: 'Description', how: 'substring' },
    ean: { field: 'EAN', how: 'substring' },
    suppliernumber: { field: 'SupplierNumber', how: 'substring' },
    manufacturer: { field: 'Manufacturer', how: 'substring' },
    manufacturerarticlenumber: { field: 'ManufacturerArticleNumber', how: 'substring' },
    webshop: { field: 'WebshopArticle', how: 'bool' },
  },
  filters: { active: (r) => r.Active === true, inactive: (r) => r.Active === false },
  sortable: {
    articlenumber: 'ArticleNumber',
    quantityinstock: 'QuantityInStock',
    reservedquantity: 'ReservedQuantity',
    stockvalue: 'StockValue',
  },
  defaultSort: 'ArticleNumber',
  deletable: true,
  beforeSave,
  // The `articles` topic names the article; what changed (stock, price, text) is read via REST (reference §7).
  afterSave: (t, rec, created) =>
    t.env.emit('articles', created ? 'article-created-v1' : 'article-updated-v1', t.id, str(rec.ArticleNumber)),
};
