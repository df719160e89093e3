import type { Response } from 'express';
import type { FailureBody } from '../kit/index.ts';
import { send } from '../kit/index.ts';
import { phpJson } from './values.ts';

/**
 * A `WP_Error` as the REST server renders it: `{code, message, data:{status}}` (plus `params` and
 * `details` for argument validation). Codes and messages are WooCommerce's and WordPress's own
 * (class-wc-rest-authentication.php, the v3 controllers, WP_REST_Server).
 */
export class WooError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  body(): Record<string, unknown> {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.extra } };
  }
}

export const noRoute = (): WooError =>
  new WooError(404, 'rest_no_route', 'No route was found matching the URL and request method');

export const invalidId = (code: string, message = 'Invalid ID.'): WooError => new WooError(404, code, message);

/** WP_REST_Request::has_valid_params(): one 400 naming every bad parameter. */
export function invalidParams(problems: Record<string, string>): WooError {
  const names = Object.keys(problems).join(', ');
  const details = Object.fromEntries(
    Object.entries(problems).map(([k, message]) => [k, { code: 'rest_invalid_param', message, data: null }]),
  );
  return new WooError(400, 'rest_invalid_param', `Invalid parameter(s): ${names}`, { params: problems, details });
}

export const cannotTrash = (what: string): WooError =>
  new WooError(501, 'woocommerce_rest_trash_not_supported', `${what} do not support trashing.`);

/** The answer when nobody is authenticated (`rest_authorization_required_code()` is 401 then). */
export function notAllowed(method: string, collection: boolean): WooError {
  if (method === 'GET' || method === 'HEAD') {
    return collection
      ? new WooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.')
      : new WooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.');
  }
  if (method === 'POST' && collection) {
    return new WooError(401, 'woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.');
  }
  if (method === 'DELETE') {
    return new WooError(401, 'woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.');
  }
  return new WooError(401, 'woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.');
}

export function sendWoo(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  send(res, status, phpJson(body), 'application/json; charset=UTF-8');
}

export function sendWooError(res: Response, e: WooError): void {
  sendWoo(res, e.status, e.body());
}

/**
 * A PHP fatal error during a REST request: since WordPress 5.2 the fatal-error handler answers JSON
 * for REST requests. A `status` fault other than 500 stands for the host in front (HTML).
 */
export function wooFailure(status: number): FailureBody {
  if (status === 500) {
    return {
      status,
      contentType: 'application/json; charset=UTF-8',
      body: phpJson({
        code: 'internal_server_error',
        message:
          '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
        data: { status: 500 },
        additional_errors: [],
      }),
    };
  }
  return {
    status,
    contentType: 'text/html; charset=UTF-8',
    body: `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>The server is temporarily unable to service your request.</p></body></html>`,
  };
}

/** WooCommerce has no limiter of its own; a 429 comes from the host or a WAF in front (HTML). UNVERIFIED. */
export function wooRateLimited(): FailureBody {
  return {
    status: 429,
    contentType: 'text/html; charset=UTF-8',
    body: '<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>',
    headers: { 'Retry-After': '60' },
  };
}
