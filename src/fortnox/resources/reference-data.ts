import type { z } from 'zod';
import type { CallOptions, FortnoxHttp } from '../http.ts';
import { collect, type ListOptions, paginate, searchQuery } from '../listing.ts';
import { envelope, listEnvelope, type PageInfo } from '../schemas/lenient.ts';
import {
  type Account,
  AccountSchema,
  type Article,
  type ArticlePayload,
  ArticleSchema,
  type ArticleSearch,
  type CompanyInformation,
  CompanyInformationSchema,
  type Currency,
  CurrencySchema,
  type ModeOfPayment,
  ModeOfPaymentSchema,
  type Price,
  PriceSchema,
  type TermsOfPayment,
  TermsOfPaymentSchema,
} from '../schemas/reference-data.ts';
import { notFoundAsUndefined, segment } from './util.ts';

const OneArticle = envelope('Article', ArticleSchema);
const ArticlePage = listEnvelope('Articles', ArticleSchema);

/** /3/articles: the products on invoice rows (reference §4.2). */
export class ArticlesApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  get(articleNumber: string, options: CallOptions = {}): Promise<Article> {
    return this.#http.json(
      { ...options, method: 'GET', path: `articles/${segment(articleNumber)}`, operation: 'articles.get' },
      OneArticle,
    );
  }

  /** The article with exactly this number, or undefined. */
  find(articleNumber: string, options: CallOptions = {}): Promise<Article | undefined> {
    return notFoundAsUndefined(this.get(articleNumber, options));
  }

  list(search: ArticleSearch = {}, options: ListOptions = {}): AsyncGenerator<Article> {
    return paginate(
      (page, limit) =>
        this.#http.json(
          {
            ...options,
            method: 'GET',
            path: 'articles',
            query: { ...searchQuery(search), page, limit },
            operation: 'articles.list',
          },
          ArticlePage,
        ),
      options,
    );
  }

  /** Articles whose EAN equals `ean` exactly (Fortnox's search alone is a substring match). */
  findByEan(ean: string, options: CallOptions = {}): Promise<Article[]> {
    const wanted = ean.trim();
    if (wanted === '') return Promise.resolve([]);
    return collect(this.list({ ean: wanted }, options), (a) => a.EAN.trim() === wanted);
  }

  create(article: ArticlePayload, options: CallOptions = {}): Promise<Article> {
    return this.#http.json(
      { ...options, method: 'POST', path: 'articles', body: { Article: article }, operation: 'articles.create' },
      OneArticle,
    );
  }

  /** A partial PUT: only the fields given change; ArticleNumber itself never can. */
  update(articleNumber: string, changes: ArticlePayload, options: CallOptions = {}): Promise<Article> {
    return this.#http.json(
      {
        ...options,
        method: 'PUT',
        path: `articles/${segment(articleNumber)}`,
        body: { Article: changes },
        operation: 'articles.update',
      },
      OneArticle,
    );
  }
}

const OnePrice = envelope('Price', PriceSchema);

/** /3/prices: an article's price per price list (list "A" is the default, quantity 0 the base price). */
export class PricesApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  /** The base price (from quantity 0) of an article in a list, or undefined when it has none. */
  find(priceList: string, articleNumber: string, options: CallOptions = {}): Promise<Price | undefined> {
    const path = `prices/${segment(priceList)}/${segment(articleNumber)}/0`;
    return notFoundAsUndefined(this.#http.json({ ...options, method: 'GET', path, operation: 'prices.get' }, OnePrice));
  }

  create(
    price: { ArticleNumber: string; PriceList: string; FromQuantity: number; Price: number },
    options: CallOptions = {},
  ): Promise<Price> {
    return this.#http.json(
      { ...options, method: 'POST', path: 'prices', body: { Price: price }, operation: 'prices.create' },
      OnePrice,
    );
  }

  update(priceList: string, articleNumber: string, price: number, options: CallOptions = {}): Promise<Price> {
    const path = `prices/${segment(priceList)}/${segment(articleNumber)}/0`;
    return this.#http.json(
      { ...options, method: 'PUT', path, body: { Price: { Price: price } }, operation: 'prices.update' },
      OnePrice,
    );
  }
}

const OneAccount = envelope('Account', AccountSchema);
const AccountPage = listEnvelope('Accounts', AccountSchema);
const OneCurrency = envelope('Currency', CurrencySchema);
const CurrencyPage = listEnvelope('Currencies', CurrencySchema);
const OneTerms = envelope('TermsOfPayment', TermsOfPaymentSchema);
const TermsPage = listEnvelope('TermsOfPayments', TermsOfPaymentSchema);
const ModesPage = listEnvelope('ModesOfPayments', ModeOfPaymentSchema);
const Company = envelope('CompanyInformation', CompanyInformationSchema);

/**
 * Settings the mapping checks before sending a document: does the account, currency or terms
 * code exist? Read-only here; tenants maintain them in Fortnox.
 */
export class SettingsApi {
  readonly #http: FortnoxHttp;
  constructor(http: FortnoxHttp) {
    this.#http = http;
  }

  /** Company name, organisation number and DatabaseNumber (= tenant id). */
  companyInformation(options: CallOptions = {}): Promise<CompanyInformation> {
    return this.#http.json(
      { ...options, method: 'GET', path: 'companyinformation', operation: 'companyinformation.get' },
      Company,
    );
  }

  account(number: number, options: CallOptions = {}): Promise<Account | undefined> {
    return this.#find(`accounts/${segment(number)}`, OneAccount, 'accounts.get', options);
  }

  accounts(options: ListOptions = {}): Promise<Account[]> {
    return this.#all('accounts', AccountPage, options);
  }

  currency(code: string, options: CallOptions = {}): Promise<Currency | undefined> {
    return this.#find(`currencies/${segment(code)}`, OneCurrency, 'currencies.get', options);
  }

  /** No `lastmodified` here: Fortnox refuses it on currencies (2000588). */
  currencies(options: ListOptions = {}): Promise<Currency[]> {
    return this.#all('currencies', CurrencyPage, options);
  }

  termsOfPayment(code: string, options: CallOptions = {}): Promise<TermsOfPayment | undefined> {
    return this.#find(`termsofpayments/${segment(code)}`, OneTerms, 'termsofpayments.get', options);
  }

  termsOfPayments(options: ListOptions = {}): Promise<TermsOfPayment[]> {
    return this.#all('termsofpayments', TermsPage, options);
  }

  /** The company's modes of payment (code → the account a payment on it is booked on). */
  modesOfPayments(options: ListOptions = {}): Promise<ModeOfPayment[]> {
    return this.#all('modesofpayments', ModesPage, options);
  }

  #find<S extends z.ZodType>(
    path: string,
    schema: S,
    operation: string,
    options: CallOptions,
  ): Promise<z.output<S> | undefined> {
    return notFoundAsUndefined(this.#http.json({ ...options, method: 'GET', path, operation }, schema));
  }

  /** Settings lists are short (tens of rows); collected whole. */
  #all<T>(path: string, page: z.ZodType<{ items: T[]; page: PageInfo }>, options: ListOptions): Promise<T[]> {
    return collect(
      paginate(
        (n, limit) =>
          this.#http.json(
            {
              ...options,
              method: 'GET',
              path,
              query: { page: n, limit },
              operation: `${path}.list`,
            },
            page,
          ),
        options,
      ),
    );
  }
}
