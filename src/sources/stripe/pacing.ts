import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import type { RateLimiter } from '../../fortnox/rate-limiter.ts';

/**
 * Stripe allows 100 operations per second in live mode and 25 in a sandbox, per account, shared by
 * everything using the key [reference: webshop-pos-sources §Stripe "Rate limits"]. The official
 * client does not retry a 429, so a burst of renewals (or a merchant's own scripts on the same key)
 * would turn into failed reads and job retries. Every request therefore takes a slot from the
 * limiter shared in Postgres by the web and every worker process first, so the processes together
 * stay under the account's limit instead of each discovering it.
 *
 * The key is a hash of the secret key: the limit belongs to the account, and the key itself must
 * never be written anywhere (the limiter's table is readable by whoever reads the database).
 */
type HttpClientInterface = ReturnType<typeof Stripe.createNodeHttpClient>;
type RequestHeaders = Parameters<HttpClientInterface['makeRequest']>[4];

export function pacedHttpClient(limiter: RateLimiter, secretKey: string): HttpClientInterface {
  const inner = Stripe.createNodeHttpClient();
  const bucket = `stripe:${createHash('sha256').update(secretKey).digest('hex').slice(0, 24)}`;
  return {
    getClientName: () => inner.getClientName(),
    makeRequest: async (
      host: string,
      port: string,
      path: string,
      method: string,
      headers: RequestHeaders,
      requestData: string,
      protocol: string,
      timeout: number,
    ) => {
      const slot = await limiter.acquire(bucket);
      try {
        return await inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
      } finally {
        await slot.release();
      }
    },
  };
}
