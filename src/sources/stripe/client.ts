import Stripe from 'stripe';
import { AppError } from '../../core/errors.ts';
import type { RateLimiter } from '../../fortnox/rate-limiter.ts';
import type { StripeConfig } from './config.ts';
import { pacedHttpClient } from './pacing.ts';

/**
 * The official `stripe` client, unmodified, pointed at `STRIPE_API_URL` when set (host, port,
 * protocol — the emulator locally). Its errors become typed ones: a missing object is `gone` to the
 * caller, a refused key is a person's problem, the rest is retried by the job. Every request waits
 * for a slot of the account's shared rate limit first (pacing.ts).
 */

export function stripeClient(config: StripeConfig, secretKey: string, limiter: RateLimiter): Stripe {
  const api = config.STRIPE_API_URL === undefined ? undefined : new URL(config.STRIPE_API_URL);
  return new Stripe(secretKey, {
    maxNetworkRetries: 1,
    timeout: 30_000,
    httpClient: pacedHttpClient(limiter, secretKey),
    ...(api === undefined
      ? {}
      : {
          host: api.hostname,
          port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)),
          protocol: api.protocol === 'https:' ? 'https' : 'http',
        }),
  });
}

export function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404;
}

export function stripeFailure(error: unknown, what: string): Error {
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return new AppError(`Stripe refused ${what}: ${error.message}`, {
      code: 'stripe_auth',
      category: 'auth',
      retryable: false,
      userMessage:
        'Stripe refused the secret key. Check the Stripe connection’s secret key (a restricted key needs read access to invoices, customers and events).',
    });
  }
  const status = error instanceof Stripe.errors.StripeError ? error.statusCode : undefined;
  const retryable = status === undefined || status === 429 || status >= 500;
  if (!retryable) {
    // Stripe answered and refused the request: sending it again gets the same answer.
    const said = error instanceof Error ? ` Stripe said: ${error.message}` : '';
    return new AppError(`Stripe refused ${what} (${status})`, {
      code: 'stripe_refused',
      category: 'validation',
      retryable: false,
      cause: error,
      userMessage: `Stripe refused the request (${what}, HTTP ${status}); it is not tried again by itself.${said} Check the record in Stripe, then retry it here.`,
    });
  }
  return new AppError(`Stripe ${what} failed (${status ?? 'network'})`, {
    code: 'stripe_unavailable',
    category: 'unavailable',
    retryable,
    cause: error,
    userMessage: 'Stripe did not answer; it is tried again automatically.',
  });
}
