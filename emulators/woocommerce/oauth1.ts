import { createHmac, timingSafeEqual } from 'node:crypto';
import { bracketPath } from '../kit/index.ts';

/**
 * WooCommerce's one-legged OAuth 1.0a signature check, reproduced step by step from
 * `WC_REST_Authentication::check_oauth_signature` (woocommerce/woocommerce
 * plugins/woocommerce/includes/class-wc-rest-authentication.php): the parameters as PHP holds them
 * (`$_GET` + `$_POST` + the `Authorization: OAuth` header, nested brackets parsed), `oauth_signature`
 * removed, top-level keys sorted with `strcmp`, keys and values `rawurlencode`d, each `key=value`
 * encoded once more and joined with `%26`; signed with HMAC-SHA1 or -SHA256 keyed `secret&`.
 */

/** PHP `rawurlencode` (RFC 3986: everything but `A-Za-z0-9-_.~`). */
export function rawurlencode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

type PhpValue = string | PhpArray;
type PhpArray = Map<string, PhpValue>;

/** The parameters as PHP's request parsing leaves them: nested maps in arrival order, last value wins. */
export function phpParams(pairs: Iterable<[string, string]>): PhpArray {
  const root: PhpArray = new Map();
  for (const [key, value] of pairs) {
    const path = bracketPath(key);
    let node = root;
    for (const [i, raw] of path.entries()) {
      const k = raw === '' ? String(node.size) : raw;
      if (i === path.length - 1) {
        node.set(k, value);
        break;
      }
      let child = node.get(k);
      if (typeof child !== 'object') {
        child = new Map();
        node.set(k, child);
      }
      node = child;
    }
  }
  return root;
}

/** `join_with_equals_sign` after `normalize_parameters`: nested keys raw, values encoded, the pair encoded again. */
function joinPairs(params: PhpArray, out: string[], prefix = ''): string[] {
  for (const [k, v] of params) {
    const key = prefix === '' ? rawurlencode(k) : `${prefix}%5B${k}%5D`;
    if (typeof v === 'string') out.push(rawurlencode(`${key}=${rawurlencode(v)}`));
    else joinPairs(v, out, key);
  }
  return out;
}

export function stringToSign(method: string, baseUri: string, params: PhpArray): string {
  const without = new Map([...params].filter(([k]) => k !== 'oauth_signature'));
  const sorted = new Map([...without].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${method.toUpperCase()}&${rawurlencode(baseUri)}&${joinPairs(sorted, []).join('%26')}`;
}

export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';

export function sign(base: string, consumerSecret: string, method: SignatureMethod): string {
  const algorithm = method === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  return createHmac(algorithm, `${consumerSecret}&`).update(base).digest('base64');
}

/** `hash_equals`: constant-time, false on different lengths. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `parse_header`: the `oauth_*` parameters of an `Authorization: OAuth …` header. */
export function oauthHeaderParams(header: string | undefined): [string, string][] {
  const h = header?.trim() ?? '';
  if (!h.startsWith('OAuth ')) return [];
  const out: [string, string][] = [];
  for (const m of h.matchAll(/(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))/g)) {
    const raw = m[3] !== undefined && m[3] !== '' ? m[3] : (m[4] ?? '');
    out.push([m[1] ?? '', decodeURIComponent(raw.replace(/\+/g, ' '))]);
  }
  return out;
}
