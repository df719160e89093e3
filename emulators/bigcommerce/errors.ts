/**
 * BigCommerce's error bodies differ by API version and even by endpoint [reference A7]:
 * - V2: an array `[{"status":404,"message":"The requested resource was not found."}]`
 * - V3: `{"status","title","type","errors":{}}` (inventory answers it as application/problem+json)
 * - V3 refunds: the same object wrapped in `{"data":[…]}`
 * Route code throws `BcError`; the router turns it into the shape of the route's version.
 */
export const STATUS_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export type ErrorStyle = 'v2' | 'v3' | 'problem' | 'refund';

export class BcError extends Error {
  readonly status: number;
  readonly errors: Record<string, string>;
  /** Overrides the route's style (a refund 422 is data-wrapped, an inventory 422 is problem+json). */
  readonly style: ErrorStyle | undefined;

  constructor(status: number, message: string, options: { errors?: Record<string, string>; style?: ErrorStyle } = {}) {
    super(message);
    this.status = status;
    this.errors = options.errors ?? {};
    this.style = options.style;
  }
}

export interface ErrorAnswer {
  status: number;
  contentType: string;
  body: string;
}

const JSON_TYPE = 'application/json';

export function renderError(e: BcError, routeStyle: ErrorStyle): ErrorAnswer {
  const style = e.style ?? routeStyle;
  const v3 = { status: e.status, title: e.message, type: STATUS_TYPE, errors: e.errors };
  switch (style) {
    case 'v2':
      return {
        status: e.status,
        contentType: JSON_TYPE,
        body: JSON.stringify([{ status: e.status, message: e.message }]),
      };
    case 'problem':
      return { status: e.status, contentType: 'application/problem+json', body: JSON.stringify(v3) };
    case 'refund':
      return {
        status: e.status,
        contentType: JSON_TYPE,
        body: JSON.stringify({ data: [{ status: e.status, title: e.message, type: STATUS_TYPE }] }),
      };
    case 'v3':
      return { status: e.status, contentType: JSON_TYPE, body: JSON.stringify(v3) };
  }
}

export const notFoundV2 = (): BcError => new BcError(404, 'The requested resource was not found.');

/** The V3 429 body as documented [BC customers.v3.yml validate-credentials 429 example]. */
export const RATE_LIMITED_V3 = JSON.stringify({
  status: 429,
  title: 'Too many requests',
  type: '/api-docs/getting-started/api-status-codes',
  errors: {},
});

/** [UNVERIFIED] V2's 429 body; the rate-limit guide shows headers only. */
export const RATE_LIMITED_V2 = JSON.stringify([{ status: 429, message: 'Too many requests' }]);

/** The message seen on a token lacking a scope (403) [NangoHQ/nango#7026, observed on the live API]. */
export const MISSING_SCOPE = "You don't have a required scope to access the endpoint";

/** [BC webhooks.v3.yml 401_Unauthorized example]. */
export const UNAUTHORIZED =
  'Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.';
