import type { FailureBody } from '../kit/index.ts';

/**
 * Stripe's error envelope `{error: {type, code, message, param, doc_url, …}}` (docs.stripe.com/api/errors).
 * Messages follow Stripe's wording where it is known; the exact strings are UNVERIFIED unless a test
 * names their source.
 */
export type ErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export class StripeError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    type: ErrorType,
    message: string,
    o: { code?: string; param?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = o.code;
    this.param = o.param;
    this.extra = o.extra ?? {};
  }

  body(requestId: string): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { ...this.extra };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    }
    error.message = this.message;
    if (this.param) error.param = this.param;
    error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}?t=${Math.floor(Date.now() / 1000)}`;
    error.type = this.type;
    return { error };
  }
}

export const invalid = (message: string, o: { code?: string; param?: string } = {}): StripeError =>
  new StripeError(400, 'invalid_request_error', message, o);

export const missingParam = (param: string): StripeError =>
  invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });

export const unknownParam = (param: string): StripeError =>
  invalid(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });

export const invalidInteger = (param: string, value: string): StripeError =>
  invalid(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param });

/** `No such customer: 'cus_x'`, 404 `resource_missing`. */
export const noSuch = (kind: string, id: string, param = 'id'): StripeError =>
  new StripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });

export function stripeFailure(status: number): FailureBody {
  const body =
    status === 429 ? rateLimitBody() : { error: { message: 'An unknown error occurred', type: 'api_error' } };
  return { status, contentType: 'application/json', body: JSON.stringify(body, null, 2) };
}

function rateLimitBody(): Record<string, unknown> {
  return {
    error: {
      code: 'rate_limit',
      doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
      message:
        'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
      type: 'invalid_request_error',
    },
  };
}

export function stripeRateLimited(): FailureBody {
  return { status: 429, contentType: 'application/json', body: JSON.stringify(rateLimitBody(), null, 2) };
}
