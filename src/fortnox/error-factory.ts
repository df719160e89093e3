import { z } from 'zod';
import { isNetworkError } from '../core/errors.ts';
import { defined } from '../core/optional.ts';
import { explainFortnoxCode } from './error-codes.ts';
import {
  FortnoxAuthError,
  type FortnoxError,
  FortnoxNotFoundError,
  FortnoxRateLimitError,
  FortnoxUnavailableError,
  FortnoxValidationError,
} from './errors.ts';

/**
 * The one place that turns whatever Fortnox answered into a typed error. Observed bodies
 * (reference §1.2, §3.1): ErrorInformation with lowercase keys (400) or capitalised keys (404),
 * `{"message":"unauthorized"}` (401), OAuth `{"error","error_description"}` served as text/html or
 * text/plain, HTML pages (wrong path, outages) and empty bodies. The body is parsed as JSON
 * whatever the Content-Type says, because the token endpoint lies about it.
 */

export interface FortnoxResponseInfo {
  status: number;
  contentType?: string | null;
  body: string;
  /** Retry-After header, seconds or an HTTP date. */
  retryAfter?: string | null;
  /** Used for the "ambiguous write" flag on 5xx. */
  idempotent?: boolean;
  now?: number;
}

const codeNumber = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const ErrorInformation = z.object({
  error: z.unknown().optional(),
  message: z.string().optional(),
  code: codeNumber.optional(),
});
const Envelope = z.object({ errorinformation: ErrorInformation });
const OAuthBody = z.object({ error: z.string(), error_description: z.string().optional() });
const MessageBody = z.object({ message: z.string() });

type Parsed =
  | { kind: 'fortnox'; code: number | undefined; message: string | undefined }
  | { kind: 'oauth'; error: string; description: string | undefined }
  | { kind: 'message'; message: string }
  | { kind: 'html' }
  | { kind: 'empty' }
  | { kind: 'text' };

/** Lowercases object keys (two levels deep is all ErrorInformation needs). */
function lowerKeys(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 1) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), lowerKeys(v, depth + 1)]));
}

export function parseErrorBody(body: string, contentType?: string | null): Parsed {
  const text = body.trim();
  if (text === '') return { kind: 'empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return /^<|<html|<body/i.test(text) || /text\/html/i.test(contentType ?? '') ? { kind: 'html' } : { kind: 'text' };
  }
  const envelope = Envelope.safeParse(lowerKeys(json));
  if (envelope.success)
    return {
      kind: 'fortnox',
      code: envelope.data.errorinformation.code,
      message: envelope.data.errorinformation.message,
    };
  const oauth = OAuthBody.safeParse(json);
  if (oauth.success) return { kind: 'oauth', error: oauth.data.error, description: oauth.data.error_description };
  const message = MessageBody.safeParse(json);
  if (message.success) return { kind: 'message', message: message.data.message };
  return { kind: 'text' };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or nonsense. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const UNAVAILABLE_MESSAGE = 'Fortnox is not answering right now; it will be retried automatically.';

export function fortnoxErrorFromResponse(info: FortnoxResponseInfo): FortnoxError {
  const parsed = parseErrorBody(info.body, info.contentType);
  const status = info.status;
  const fortnoxCode = parsed.kind === 'fortnox' ? parsed.code : undefined;
  const remoteMessage =
    parsed.kind === 'fortnox' || parsed.kind === 'message'
      ? parsed.message
      : parsed.kind === 'oauth'
        ? [parsed.error, parsed.description].filter(Boolean).join(': ')
        : undefined;
  const known = explainFortnoxCode(fortnoxCode);
  const base = {
    status,
    ...defined({ fortnoxCode, remoteMessage }),
  };
  const summary = `Fortnox answered ${status}${fortnoxCode === undefined ? '' : ` (code ${fortnoxCode})`}${remoteMessage ? `: ${remoteMessage}` : ''}`;

  if (parsed.kind === 'oauth') {
    // invalid_grant: the refresh token / code is used, expired or its consent revoked.
    // invalid_client: our FORTNOX_CLIENT_ID / SECRET are wrong; only an operator can fix that.
    const userMessage =
      parsed.error === 'invalid_client'
        ? "Fortnox refused this integration's client credentials; an administrator must check FORTNOX_CLIENT_ID and FORTNOX_CLIENT_SECRET."
        : 'Fortnox refused the authorization; reconnect Fortnox in the dashboard.';
    return new FortnoxAuthError(summary, {
      ...base,
      code: `fortnox_oauth_${parsed.error}`,
      retryable: false,
      userMessage,
      details: { oauthError: parsed.error },
    });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(info.retryAfter, info.now);
    return new FortnoxRateLimitError(summary, {
      ...base,
      code: 'fortnox_rate_limited',
      userMessage: 'Fortnox asked us to slow down; the request will be retried in a moment.',
      ...defined({ retryAfterMs }),
    });
  }
  if (status === 401) {
    // {"message":"unauthorized"}: the access token expired or was invalidated; refresh once.
    return new FortnoxAuthError(summary, {
      ...base,
      code: 'fortnox_unauthorized',
      retryable: true,
      userMessage: 'Fortnox did not accept the access token; it is refreshed automatically.',
    });
  }
  if (status >= 500 || status === 408 || (parsed.kind === 'html' && status !== 404)) {
    const ambiguous = info.idempotent === false;
    return new FortnoxUnavailableError(summary, {
      ...base,
      code: ambiguous ? 'fortnox_ambiguous' : 'fortnox_unavailable',
      ambiguous,
      userMessage: ambiguous
        ? 'Fortnox failed while handling a change; we check whether it was applied before trying again.'
        : UNAVAILABLE_MESSAGE,
    });
  }
  if (status === 403) {
    return new FortnoxAuthError(summary, {
      ...base,
      code: 'fortnox_forbidden',
      retryable: false,
      userMessage:
        known?.userMessage ??
        "Fortnox does not allow this integration to do that; check the connection's permissions and your Fortnox licences.",
    });
  }
  if (status === 404) {
    const endpoint = parsed.kind !== 'fortnox';
    return new FortnoxNotFoundError(summary, {
      ...base,
      code: endpoint ? 'fortnox_endpoint_not_found' : 'fortnox_not_found',
      userMessage:
        known?.userMessage ??
        (endpoint
          ? 'The integration called a Fortnox address that does not exist; support has been notified.'
          : 'The record does not exist in Fortnox.'),
    });
  }
  return new FortnoxValidationError(summary, {
    ...base,
    code: 'fortnox_validation',
    category: known?.kind === 'conflict' ? 'conflict' : 'validation',
    userMessage:
      known?.userMessage ??
      (remoteMessage
        ? `Fortnox refused the data: "${remoteMessage}". Correct it in the source record and retry.`
        : 'Fortnox refused the request; correct the data in the source record and retry.'),
    details: known === undefined ? {} : { explanation: known.meaning },
  });
}

/** Connection refused / DNS failures happen before anything is sent; everything else may be after. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++, current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/** A fetch that never produced a response: network failure or our own timeout. */
export function fortnoxErrorFromNetwork(
  error: unknown,
  options: { idempotent: boolean; timedOut: boolean },
): FortnoxUnavailableError {
  const codes = causeCodes(error);
  const certainlyNotSent = codes.some((c) => NOT_SENT.has(c));
  const ambiguous = !options.idempotent && !certainlyNotSent;
  const what = options.timedOut ? 'timed out' : `failed (${codes[0] ?? (isNetworkError(error) ? 'network' : 'fetch')})`;
  return new FortnoxUnavailableError(`Fortnox request ${what}`, {
    code: ambiguous ? 'fortnox_ambiguous' : options.timedOut ? 'fortnox_timeout' : 'fortnox_network',
    ambiguous,
    userMessage: ambiguous
      ? 'The connection to Fortnox broke while sending a change; we check whether it was applied before trying again.'
      : UNAVAILABLE_MESSAGE,
    details: { networkCode: codes[0] ?? null, timedOut: options.timedOut },
    cause: error,
  });
}
