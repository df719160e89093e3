import { AppError, type ErrorCategory } from '../core/errors.ts';
import { defined } from '../core/optional.ts';

/**
 * The typed errors of the Fortnox client, one class per decision a caller makes: refresh or
 * reconnect (auth), wait (rate limit), park for a person (validation, not found), retry later
 * (unavailable). Every instance is built by `fortnoxErrorFromResponse` / `fortnoxErrorFromNetwork`
 * in error-factory.ts, so no call site string-matches a Fortnox message.
 */

export interface FortnoxErrorOptions {
  /** Our stable code, e.g. `fortnox_validation`, `fortnox_connection_revoked`. */
  code: string;
  userMessage: string;
  /** HTTP status, when Fortnox answered at all. */
  status?: number;
  /** Fortnox's own numeric code from ErrorInformation (e.g. 2000433). */
  fortnoxCode?: number;
  /** Fortnox's message, usually Swedish; kept beside our English one for the audit trail. */
  remoteMessage?: string;
  details?: Record<string, unknown>;
  retryAfterMs?: number;
  cause?: unknown;
}

interface Classification {
  category: ErrorCategory;
  retryable: boolean;
}

/** Base of every Fortnox error; catch this to handle "anything Fortnox said". */
export class FortnoxError extends AppError {
  readonly status: number | undefined;
  readonly fortnoxCode: number | undefined;
  readonly remoteMessage: string | undefined;

  constructor(message: string, options: FortnoxErrorOptions & Classification) {
    super(message, {
      code: options.code,
      category: options.category,
      retryable: options.retryable,
      userMessage: options.userMessage,
      details: {
        ...defined({ status: options.status, fortnoxCode: options.fortnoxCode, remoteMessage: options.remoteMessage }),
        ...options.details,
      },
      ...defined({ retryAfterMs: options.retryAfterMs }),
      cause: options.cause,
    });
    this.status = options.status;
    this.fortnoxCode = options.fortnoxCode;
    this.remoteMessage = options.remoteMessage;
  }
}

/**
 * 401/403 and OAuth failures. Retryable only for an expired access token (the client refreshes
 * once and retries); a revoked consent, wrong client credentials or a missing scope are not.
 */
export class FortnoxAuthError extends FortnoxError {
  constructor(message: string, options: FortnoxErrorOptions & { retryable: boolean }) {
    super(message, { ...options, category: 'auth' });
  }
}

/** 429: wait `retryAfterMs` (from Retry-After when Fortnox sends it) and try again. */
export class FortnoxRateLimitError extends FortnoxError {
  constructor(message: string, options: FortnoxErrorOptions) {
    super(message, { ...options, category: 'rate_limit', retryable: true });
  }
}

/** 400: Fortnox refused the data. Never retried as is; a person or a data change must fix it. */
export class FortnoxValidationError extends FortnoxError {
  constructor(message: string, options: FortnoxErrorOptions & { category?: 'validation' | 'conflict' }) {
    super(message, { ...options, category: options.category ?? 'validation', retryable: false });
  }
}

/** 404: the customer, invoice, article… does not exist (or the path is wrong). */
export class FortnoxNotFoundError extends FortnoxError {
  constructor(message: string, options: FortnoxErrorOptions) {
    super(message, { ...options, category: 'not_found', retryable: false });
  }
}

/**
 * 5xx, network failures, timeouts and HTML outage pages: retryable. When the request was a
 * non-idempotent write that may have reached Fortnox, `ambiguous` is true and the client does not
 * retry it: the caller must look for the document (e.g. by ExternalInvoiceReference1) first.
 */
export class FortnoxUnavailableError extends FortnoxError {
  readonly ambiguous: boolean;
  constructor(message: string, options: FortnoxErrorOptions & { ambiguous?: boolean }) {
    const ambiguous = options.ambiguous ?? false;
    super(message, {
      ...options,
      category: 'unavailable',
      retryable: true,
      details: { ...options.details, ambiguous },
    });
    this.ambiguous = ambiguous;
  }
}

/** Fortnox answered 2xx with something our schemas do not describe: a bug or an API change. */
export class FortnoxResponseError extends FortnoxError {
  constructor(message: string, options: FortnoxErrorOptions) {
    super(message, { ...options, category: 'unmapped_state', retryable: false });
  }
}

export function isFortnoxError(value: unknown): value is FortnoxError {
  return value instanceof FortnoxError;
}

/** True when a write may or may not have been applied by Fortnox (search before creating again). */
export function isAmbiguous(value: unknown): boolean {
  return value instanceof FortnoxError && value.details.ambiguous === true;
}

/** What every call for a revoked tenant fails with: clear, permanent, no crash loop. */
export function connectionRevokedError(tenantId: string, reason: string): FortnoxAuthError {
  return new FortnoxAuthError(`Fortnox connection for tenant ${tenantId} is revoked: ${reason}`, {
    code: 'fortnox_connection_revoked',
    retryable: false,
    userMessage: `The Fortnox connection for tenant ${tenantId} was revoked or expired; reconnect it in the dashboard.`,
    details: { tenantId, reason },
  });
}

export function notConnectedError(tenantId: string): FortnoxAuthError {
  return new FortnoxAuthError(`No Fortnox connection for tenant ${tenantId}`, {
    code: 'fortnox_not_connected',
    retryable: false,
    userMessage: `Fortnox is not connected for tenant ${tenantId}; connect it in the dashboard.`,
    details: { tenantId },
  });
}
