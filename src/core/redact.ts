import { defined } from './optional.ts';

/**
 * Removes what must never reach a log line: tokens, secrets, Authorization headers, e-mail addresses
 * (customer personal data). Applied by the logger to every entry, so a careless call site cannot leak.
 */

const SECRET_KEY =
  /(token|secret|password|passwd|authorization|cookie|api[-_]?key|assertion|private[-_]?key|client[-_]?secret|signature|credential)/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|OAuth|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g;
// Query-string credentials, e.g. a logged URL with ?access_token=… or &code=…
const QUERY_SECRET = /([?&](?:access_token|refresh_token|token|code|client_secret|state|sig)=)[^&\s"]+/gi;

export const REDACTED = '[redacted]';

export function redactString(value: string): string {
  return value
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(QUERY_SECRET, `$1${REDACTED}`)
    .replace(EMAIL, '[email]');
}

function describeError(error: Error): Record<string, unknown> {
  const json = (error as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') {
    const value = json.call(error);
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  }
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...defined({ code }) };
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Error) return redact(describeError(value), depth + 1);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && item !== undefined && item !== null ? REDACTED : redact(item, depth + 1);
    }
    return out;
  }
  return value;
}
