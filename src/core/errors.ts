/**
 * The one error type the service raises. Every failure that crosses a module boundary is an AppError
 * with a stable `code`, a `category` that drives decisions, and `retryable` — so retry logic,
 * the sync-record state machine and the dashboard never string-match messages.
 */

export const ERROR_CATEGORIES = [
  'config', // our own configuration is wrong: nothing works until a person fixes it
  'validation', // the data is refused (by us before sending, or by the remote side)
  'auth', // credentials expired, revoked or wrong
  'rate_limit', // the remote side asked us to slow down
  'unavailable', // network failure, timeout, 5xx
  'not_found', // the referenced record does not exist
  'conflict', // the remote state forbids the operation (e.g. a booked invoice cannot be changed)
  'unmapped_state', // the remote side returned something our mapping does not cover
  'internal', // a bug of ours
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export interface AppErrorOptions {
  code: string;
  category: ErrorCategory;
  retryable: boolean;
  /** Plain English for a finance person or Salesforce admin; shown in Salesforce and the dashboard. */
  userMessage?: string;
  /** Small, non-personal facts for the audit trail (remote error code, HTTP status, field name). */
  details?: Record<string, unknown>;
  /** When the remote side told us how long to wait. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly userMessage: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: AppErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.category = options.category;
    this.retryable = options.retryable;
    this.userMessage = options.userMessage ?? message;
    this.details = Object.freeze({ ...options.details });
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The shape we log and store: never the cause chain's bodies, which may hold personal data. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      category: this.category,
      retryable: this.retryable,
      message: this.message,
      details: this.details,
    };
  }
}

export class ConfigError extends AppError {
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[]) {
    super(message, { code: 'config_invalid', category: 'config', retryable: false });
    this.problems = problems;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

// Error codes Node (and undici, behind fetch) use for failures that say nothing about the request itself.
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  '57P01', // 57P01: Postgres admin shutdown (failover, restart)
]);

function errorCode(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for connection-level failures anywhere in the cause chain (fetch wraps them as `cause`). */
export function isNetworkError(value: unknown): boolean {
  for (let current: unknown = value, depth = 0; current !== undefined && depth < 5; depth++) {
    const code = errorCode(current);
    if (code !== undefined && NETWORK_CODES.has(code)) return true;
    if (current instanceof Error && current.name === 'TimeoutError') return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

/** Wraps anything thrown into an AppError so one code path handles every failure. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  if (isNetworkError(value)) {
    return new AppError(`Network failure: ${message}`, {
      code: 'network',
      category: 'unavailable',
      retryable: true,
      cause: value,
      userMessage: 'A connection failed for a moment; it will be retried automatically.',
    });
  }
  // pg-pool's words when every connection is busy for longer than connectionTimeoutMillis: a burst,
  // not a bug. Callers (a webhook sender, a job) are told to come back.
  if (value instanceof Error && value.message === 'timeout exceeded when trying to connect') {
    return new AppError(`Database busy: ${message}`, {
      code: 'database_busy',
      category: 'unavailable',
      retryable: true,
      cause: value,
      userMessage: 'The service is busy for a moment; it will be retried automatically.',
    });
  }
  return new AppError(message, {
    code: 'internal',
    category: 'internal',
    retryable: true,
    cause: value,
    userMessage: 'An unexpected error occurred; it will be retried, and support has the details.',
  });
}
