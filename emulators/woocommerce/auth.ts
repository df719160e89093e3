import type { Request } from 'express';
import { basicCredentials, type Clock } from '../kit/index.ts';
import { WooError } from './errors.ts';
import { oauthHeaderParams, phpParams, type SignatureMethod, sameSignature, sign, stringToSign } from './oauth1.ts';
import type { ApiKey, ResolvedWooOptions } from './options.ts';

export interface AuthOutcome {
  /** The key that authenticated the request, if any. */
  key?: ApiKey;
  /** Why authentication failed (answered as is), if it did. */
  error?: WooError;
}

const REQUIRED = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];
const authError = (message: string): WooError => new WooError(401, 'woocommerce_rest_authentication_error', message);

/**
 * `WC_REST_Authentication`: Basic (or `consumer_key`/`consumer_secret` in the query) only when the
 * request is HTTPS, otherwise OAuth 1.0a; an authenticated key then needs read or write permission
 * for the method. No credentials at all is not an error here: the route's permission check refuses.
 */
export class WooAuth {
  /** Per consumer key: timestamp (s) → nonce, as WooCommerce serialises them on the key's row. */
  readonly #nonces = new Map<string, { ts: number; nonce: string }[]>();

  readonly opts: ResolvedWooOptions;
  readonly clock: Clock;

  constructor(opts: ResolvedWooOptions, clock: Clock) {
    this.opts = opts;
    this.clock = clock;
  }

  isSsl(req: Request): boolean {
    if (this.opts.ssl === 'always') return true;
    if (this.opts.ssl === 'never') return false;
    return String(req.headers['x-forwarded-proto'] ?? '').toLowerCase() === 'https';
  }

  /** The home URL the signature base string starts with (`get_home_url()`). */
  homeUrl(req: Request): string {
    return this.opts.siteUrl ?? `${this.isSsl(req) ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
  }

  authenticate(req: Request, formPairs: [string, string][]): AuthOutcome {
    const query = new URL(req.originalUrl, 'http://site').searchParams;
    if (this.isSsl(req)) {
      const basic = this.#basic(req, query);
      if (basic.key || basic.error) return basic;
    }
    return this.#oauth(req, [...query, ...formPairs, ...oauthHeaderParams(req.headers.authorization)]);
  }

  /** `check_permissions`: the key's read/write level against the method. */
  permitted(key: ApiKey, method: string): WooError | undefined {
    const p = key.permissions;
    if (method === 'GET' || method === 'HEAD') {
      return p === 'read' || p === 'read_write'
        ? undefined
        : authError('The API key provided does not have read permissions.');
    }
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
      return p === 'write' || p === 'read_write'
        ? undefined
        : authError('The API key provided does not have write permissions.');
    }
    return method === 'OPTIONS' ? undefined : authError('Unknown request method.');
  }

  #key(consumerKey: string): ApiKey | undefined {
    return this.opts.keys.find((k) => k.consumerKey === consumerKey);
  }

  #basic(req: Request, query: URLSearchParams): AuthOutcome {
    let id = query.get('consumer_key') ?? '';
    let secret = query.get('consumer_secret') ?? '';
    if (!id || !secret) {
      const creds = basicCredentials(req);
      id = creds?.id ?? '';
      secret = creds?.secret ?? '';
    }
    if (!id || !secret) return {};
    const key = this.#key(id);
    if (!key) return {};
    return sameSignature(key.consumerSecret, secret) ? { key } : { error: authError('Consumer secret is invalid.') };
  }

  #oauth(req: Request, pairs: [string, string][]): AuthOutcome {
    const params = phpParams(pairs);
    const value = (k: string): string => {
      const v = params.get(k);
      return typeof v === 'string' ? v : '';
    };
    const missing = REQUIRED.filter((k) => value(k) === '');
    if (missing.length === REQUIRED.length) return {};
    if (missing.length > 0) {
      const noun = missing.length === 1 ? 'parameter' : 'parameters';
      return {
        error: new WooError(
          401,
          'woocommerce_rest_authentication_missing_parameter',
          `Missing OAuth ${noun} ${missing.join(', ')}`,
        ),
      };
    }
    const key = this.#key(value('oauth_consumer_key'));
    if (!key) return { error: authError('Consumer key is invalid.') };
    const method = value('oauth_signature_method');
    const path = new URL(req.originalUrl, 'http://site').pathname;
    const base = stringToSign(req.method, `${this.homeUrl(req)}${path}`, params);
    if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') {
      return { error: authError('Invalid signature - signature method is invalid.') };
    }
    const given = safeDecode(value('oauth_signature').replace(/ /g, '+'));
    if (!sameSignature(sign(base, key.consumerSecret, method as SignatureMethod), given)) {
      return { error: authError('Invalid signature - provided signature does not match.') };
    }
    const stale = this.#timestampAndNonce(key, value('oauth_timestamp'), value('oauth_nonce'));
    return stale ? { error: stale } : { key };
  }

  #timestampAndNonce(key: ApiKey, timestamp: string, nonce: string): WooError | undefined {
    const now = Math.floor(this.clock.now() / 1000);
    const window = this.opts.oauthWindowSeconds;
    const ts = Number(timestamp);
    if (!Number.isFinite(ts) || ts < now - window || ts > now + window) return authError('Invalid timestamp.');
    const used = (this.#nonces.get(key.consumerKey) ?? []).filter((u) => u.ts >= now - window);
    if (used.some((u) => u.nonce === nonce)) return authError('Invalid nonce - nonce has already been used.');
    const kept = this.opts.quirks.nonceStore === 'per-timestamp' ? used.filter((u) => u.ts !== ts) : used;
    kept.push({ ts, nonce });
    this.#nonces.set(key.consumerKey, kept);
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
