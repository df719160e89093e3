import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type FailureBody, send } from '../kit/index.ts';

/**
 * Error bodies. Documented: a 400 is `{"error": string}` (the spec's examples "Invalid date format:
 * 12/12/2023" and "Required request parameter 'from' for method parameter type OffsetDateTime is
 * not present" — Spring's wording), a 500 is financial-apiErrorResponse `{timestamp, path, status,
 * error, requestId}`. Not documented (README "Unverified"): 401, 403 and 429 bodies; they use the
 * 500 shape, which is what a Spring gateway sends for any status. OAuth errors use RFC 6749 §5.2.
 */

const JSON_TYPE = 'application/json';

export function badRequest(error: string): FailureBody {
  return { status: 400, contentType: JSON_TYPE, body: JSON.stringify({ error }) };
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function errorResponse(status: number, path: string, headers?: Record<string, string>): FailureBody {
  return {
    status,
    contentType: JSON_TYPE,
    body: JSON.stringify({
      timestamp: new Date().toISOString(),
      path: path.split('?')[0] ?? path,
      status,
      error: REASONS[status] ?? 'Error',
      requestId: randomUUID(),
    }),
    ...(headers === undefined ? {} : { headers }),
  };
}

/** 401 with the RFC 6750 challenge, so a client can tell an expired token from a bad one. */
export function unauthorized(path: string, reason: string): FailureBody {
  const description = reason === 'expired' ? 'The access token expired' : 'The access token is invalid';
  return errorResponse(401, path, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
  });
}

export function oauthError(status: number, error: string, description: string): FailureBody {
  return {
    status,
    contentType: JSON_TYPE,
    body: JSON.stringify({ error, error_description: description }),
    headers: { 'Cache-Control': 'no-store' },
  };
}

export function write(res: ServerResponse, f: FailureBody): void {
  for (const [k, v] of Object.entries(f.headers ?? {})) res.setHeader(k, v);
  send(res, f.status, f.body, f.contentType);
}
