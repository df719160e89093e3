import WooPkg from '@woocommerce/woocommerce-rest-api';
import { AppError } from '../../core/errors.ts';
import type { WooCredentials } from './config.ts';

/**
 * The official `@woocommerce/woocommerce-rest-api` client, unmodified (Basic auth over HTTPS,
 * OAuth 1.0a over plain HTTP), behind the three calls the adapter makes. Failures become typed
 * errors: a 404 with WooCommerce's own not-found code is `gone` to the caller (any other 404 is
 * retried), 401/403 is a key problem a person fixes (not retried), and timeouts, 429 and 5xx are
 * retried by the job.
 */

// The package has no `exports` map: Node loads its CommonJS build, whose class is the namespace's default.
const WooCommerceRestApi = WooPkg.default;

type Json = Record<string, unknown>;

export interface WooClient {
  get(path: string, params?: Json): Promise<{ data: unknown; headers: Record<string, string> }>;
  post(path: string, body: Json): Promise<unknown>;
  put(path: string, body: Json): Promise<unknown>;
}

export class WooNotFound extends Error {}

interface AxiosLike {
  response?: { status: number; data?: unknown };
  code?: string;
  message?: string;
}

/**
 * WooCommerce's own "no such record" codes: `woocommerce_rest_shop_order_invalid_id`,
 * `woocommerce_rest_product_invalid_id`, `woocommerce_rest_invalid_id` (customers, refunds),
 * `woocommerce_rest_invalid_order_id`. Only these mean the record is gone; any other 404 — a WAF or
 * CDN page, maintenance mode, `rest_no_route` while the REST API is off — says nothing about it.
 */
const NOT_FOUND_CODE = /^woocommerce_rest_(?:[a-z0-9_]+_)?invalid(?:_[a-z]+)?_id$/;

function failure(error: unknown, what: string): Error {
  const e = error as AxiosLike;
  const status = e.response?.status;
  const data = e.response?.data;
  const body = typeof data === 'object' && data !== null ? (data as { code?: unknown; message?: unknown }) : undefined;
  if (status === 404 && typeof body?.code === 'string' && NOT_FOUND_CODE.test(body.code)) {
    return new WooNotFound(`${what}: not found (${body.code})`);
  }
  const said = typeof body?.message === 'string' ? body.message : undefined;
  const detail = said ?? e.code ?? e.message ?? 'no answer';
  if (status === 404) {
    const code = typeof body?.code === 'string' ? body.code : 'no WooCommerce error code';
    return new AppError(`WooCommerce ${what} answered 404 without saying the record is gone (${code})`, {
      code: 'woocommerce_not_reachable',
      category: 'unavailable',
      retryable: true,
      userMessage: `The WooCommerce shop answered "not found" (404, ${code}) without saying the record is gone: the shop may be in maintenance mode, a firewall or CDN may block its REST API, or the REST API is switched off. It is tried again automatically; if it keeps failing, check that the shop's /wp-json/wc/v3 answers.`,
    });
  }
  if (status === 401 || status === 403) {
    return new AppError(`WooCommerce refused ${what} (${status}): ${detail}`, {
      code: 'woocommerce_auth',
      category: 'auth',
      retryable: false,
      userMessage: `WooCommerce refused the API key (${detail}). Check the consumer key and secret (read/write) of the shop connection.`,
    });
  }
  const retryable = status === undefined || status === 429 || status >= 500;
  if (!retryable) {
    // A 4xx other than the above: asking again the same way gets the same answer.
    return new AppError(`WooCommerce refused ${what} (${status}): ${detail}`, {
      code: 'woocommerce_refused',
      // Not 'validation': that reads as Fortnox refusing our data.
      category: 'unavailable',
      retryable: false,
      userMessage: `WooCommerce refused the request (${status}${said === undefined ? ', without saying why' : `: ${said}`}). It is not tried again by itself: correct what WooCommerce names, then press retry.`,
    });
  }
  return new AppError(`WooCommerce ${what} failed (${status ?? e.code ?? 'network'}): ${detail}`, {
    code: 'woocommerce_unavailable',
    category: 'unavailable',
    retryable: true,
    userMessage: `The WooCommerce shop did not answer (${status ?? 'no connection'}); it is tried again automatically.`,
  });
}

export function wooClient(credentials: WooCredentials, timeoutMs = 30_000): WooClient {
  const api = new WooCommerceRestApi({
    url: credentials.url,
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    version: 'wc/v3',
    timeout: timeoutMs,
  });
  return {
    get: async (path, params = {}) => {
      try {
        const res = await api.get(path, params);
        return { data: res.data, headers: res.headers as Record<string, string> };
      } catch (error) {
        throw failure(error, `GET ${path}`);
      }
    },
    post: async (path, body) => {
      try {
        return (await api.post(path, body)).data;
      } catch (error) {
        throw failure(error, `POST ${path}`);
      }
    },
    put: async (path, body) => {
      try {
        return (await api.put(path, body)).data;
      } catch (error) {
        throw failure(error, `PUT ${path}`);
      }
    },
  };
}
