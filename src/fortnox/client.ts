import type pg from 'pg';
import type { Config } from '../config.ts';
import { deriveKey } from '../core/crypto.ts';
import type { Logger } from '../core/logger.ts';
import { defined } from '../core/optional.ts';
import type { RetryPolicy } from '../core/retry-policy.ts';
import { FortnoxOAuth } from './auth/oauth.ts';
import { ConnectionTokens, type TokenSource } from './auth/token-provider.ts';
import { FortnoxHttp } from './http.ts';
import { PostgresRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { CustomersApi } from './resources/customers.ts';
import { InvoicePaymentsApi } from './resources/invoice-payments.ts';
import { InvoicesApi } from './resources/invoices.ts';
import { OrdersApi } from './resources/orders.ts';
import { ArticlesApi, PricesApi, SettingsApi } from './resources/reference-data.ts';
import { VouchersApi } from './resources/vouchers.ts';

/**
 * The Fortnox client for one tenant: typed methods per resource, nothing else. Build it through
 * `Fortnox.client(tenantId)`, which shares the token store and the Postgres rate limiter of the
 * process; the constructor is public so tests can inject their own pieces.
 *
 * ```ts
 * const fortnox = createFortnox({ pool, config, logger });
 * const client = fortnox.client('1001');
 * const invoice = await client.invoices.create({ CustomerNumber: '1', ... }, { signal: job.signal });
 * ```
 */
export class FortnoxClient {
  readonly tenantId: string;
  readonly customers: CustomersApi;
  readonly articles: ArticlesApi;
  readonly prices: PricesApi;
  readonly invoices: InvoicesApi;
  readonly invoicePayments: InvoicePaymentsApi;
  readonly orders: OrdersApi;
  /** Company information, accounts, currencies, terms of payment. */
  readonly settings: SettingsApi;
  /** Vouchers, financial years, voucher series, locked period, cost centres. */
  readonly vouchers: VouchersApi;

  constructor(http: FortnoxHttp) {
    this.tenantId = http.tenantId;
    this.customers = new CustomersApi(http);
    this.articles = new ArticlesApi(http);
    this.prices = new PricesApi(http);
    this.invoices = new InvoicesApi(http);
    this.invoicePayments = new InvoicePaymentsApi(http);
    this.orders = new OrdersApi(http);
    this.settings = new SettingsApi(http);
    this.vouchers = new VouchersApi(http);
  }
}

type FortnoxConfig = Pick<
  Config,
  | 'FORTNOX_API_URL'
  | 'FORTNOX_AUTH_URL'
  | 'FORTNOX_CLIENT_ID'
  | 'FORTNOX_CLIENT_SECRET'
  | 'FORTNOX_RATE_LIMIT'
  | 'FORTNOX_RATE_WINDOW_MS'
  | 'ENCRYPTION_KEY'
>;

export interface FortnoxOptions {
  pool: pg.Pool;
  config: FortnoxConfig;
  logger: Logger;
  /** Per-attempt request timeout; also how long a crashed process's rate slot stays counted. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Before every write: the worker's proof that the job still holds its record (see FortnoxHttpOptions). */
  beforeWrite?: () => Promise<void>;
  /** Test seams. */
  tokens?: TokenSource;
  limiter?: RateLimiter;
  fetch?: typeof fetch;
}

/** What a process holds once: OAuth endpoints, the token store, the shared limiter. */
export class Fortnox {
  readonly oauth: FortnoxOAuth;
  readonly tokens: TokenSource;
  readonly limiter: RateLimiter;
  readonly #options: FortnoxOptions;
  readonly #timeoutMs: number;

  constructor(options: FortnoxOptions) {
    const { pool, config, logger } = options;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.oauth = new FortnoxOAuth({
      authUrl: config.FORTNOX_AUTH_URL,
      clientId: config.FORTNOX_CLIENT_ID,
      clientSecret: config.FORTNOX_CLIENT_SECRET,
      ...defined({ fetch: options.fetch }),
    });
    this.tokens =
      options.tokens ??
      new ConnectionTokens({ pool, key: deriveKey(config.ENCRYPTION_KEY), oauth: this.oauth, logger });
    this.limiter =
      options.limiter ??
      new PostgresRateLimiter({
        pool,
        limit: config.FORTNOX_RATE_LIMIT,
        windowMs: config.FORTNOX_RATE_WINDOW_MS,
        maxInFlightMs: this.#timeoutMs,
      });
  }

  /** `logger`: the job's or request's, so every Fortnox request log carries its correlation id. */
  client(tenantId: string, logger: Logger = this.#options.logger): FortnoxClient {
    const { config, retry, fetch, beforeWrite } = this.#options;
    return new FortnoxClient(
      new FortnoxHttp({
        tenantId: String(tenantId),
        apiUrl: config.FORTNOX_API_URL,
        tokens: this.tokens,
        limiter: this.limiter,
        logger: logger.child({ component: 'fortnox' }),
        timeoutMs: this.#timeoutMs,
        ...defined({ retry, fetch, beforeWrite }),
      }),
    );
  }
}

export function createFortnox(options: FortnoxOptions): Fortnox {
  return new Fortnox(options);
}
