import { z } from 'zod';
import { AppError } from '../../core/errors.ts';

/**
 * The slice of the K-Series Financial API this source reads (reference §2.3): the business day's
 * sales with payments and consumer, and the OAuth token endpoint. Every failure is a typed error
 * saying whether it passes with time.
 */

const line = z.object({
  id: z.string().optional(),
  name: z.string().default(''),
  sku: z.string().nullish(),
  totalNetAmountWithTax: z.string(),
  totalNetAmountWithoutTax: z.string(),
  taxRatePercentage: z.string().optional(),
  taxLines: z.array(z.object({ taxAmount: z.string(), taxRate: z.string().optional() })).default([]),
  accountingGroup: z.object({ code: z.string().nullish(), name: z.string().nullish() }).nullish(),
  quantity: z.string().default('1.000'),
  /** Line and account (staff) discounts together, VAT included. */
  totalDiscountAmount: z.string().nullish(),
});
const payment = z.object({
  code: z.string(),
  description: z.string().nullish(),
  netAmountWithTax: z.string(),
  currency: z.string().nullish(),
  tip: z.string().nullish(),
  type: z.string().default('NORMAL'),
  roundingAmount: z.string().nullish(),
  consumer: z
    .object({
      customerId: z.union([z.number(), z.string()]).nullish(),
      companyName: z.string().nullish(),
      firstName: z.string().nullish(),
      lastName: z.string().nullish(),
      addressLine1: z.string().nullish(),
      addressLine2: z.string().nullish(),
      zipCode: z.string().nullish(),
      city: z.string().nullish(),
      email: z.string().nullish(),
      phoneNumber1: z.string().nullish(),
      taxIdentifier: z.string().nullish(),
    })
    .nullish(),
});
export const saleSchema = z.object({
  accountFiscId: z.string(),
  type: z.string(),
  cancelled: z.boolean().default(false),
  receiptId: z.string().nullish(),
  /** A refund's link to the sale it returns (`initialAccountId` = own id on a plain sale). */
  source: z.object({ initialAccountId: z.string().nullish() }).nullish(),
  timeClosed: z.string().nullish(),
  salesLines: z.array(line).default([]),
  payments: z.array(payment).default([]),
});
export type LightspeedSale = z.infer<typeof saleSchema>;
export type LightspeedLine = z.infer<typeof line>;
export type LightspeedPayment = z.infer<typeof payment>;
export type LightspeedConsumer = NonNullable<LightspeedPayment['consumer']>;

const daily = z.object({
  sales: z.array(saleSchema),
  dataComplete: z.boolean(),
  nextStartOfDayAsIso8601: z.string().optional(),
});
export type SalesDaily = z.infer<typeof daily>;

const tokens = z.object({ access_token: z.string(), refresh_token: z.string(), expires_in: z.number() });

/** What we were doing, for the finance user's message. */
const DOING: Record<string, string> = {
  'sales-daily': "reading the day's sales",
  'token refresh': 'renewing our access to the location',
  'code exchange': 'connecting the location',
  businesses: 'listing the locations',
};

/** The OAuth error code of a token endpoint answer (RFC 6749 §5.2), if it has one. */
function oauthCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { error?: unknown } | null)?.error;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function failure(status: number, body: string, what: string): AppError {
  const message = `Lightspeed ${what} answered ${status}: ${body.slice(0, 200)}`;
  const token = what === 'token refresh' || what === 'code exchange';
  const oauth = token ? oauthCode(body) : undefined;
  // A refresh token spent, expired or withdrawn (the merchant disconnected the app): only a person
  // connecting the location again brings access back, so retrying cannot help.
  if (oauth === 'invalid_grant')
    return new AppError(message, {
      code: 'lightspeed_reconnect',
      category: 'auth',
      retryable: false,
      userMessage:
        what === 'code exchange'
          ? 'Lightspeed did not accept the connection (the sign-in took too long or was used already). Connect the location again from the dashboard.'
          : "Lightspeed no longer accepts this service's access to the location (the access has expired or was withdrawn in Lightspeed). Connect the location again from the dashboard; its days are read again then and none are lost.",
      details: { status, oauth },
    });
  if (oauth === 'invalid_client')
    return new AppError(message, {
      code: 'lightspeed_client',
      category: 'config',
      retryable: false,
      userMessage:
        'Lightspeed does not accept the client id and secret this service is set up with (LIGHTSPEED_CLIENT_ID, LIGHTSPEED_CLIENT_SECRET). The administrator must correct them; nothing is read from Lightspeed until then.',
      details: { status, oauth },
    });
  const retryable = status === 429 || status >= 500;
  const doing = DOING[what] ?? what;
  return new AppError(message, {
    code: status === 401 ? 'lightspeed_unauthorized' : 'lightspeed_http',
    category: retryable ? 'unavailable' : status === 401 || status === 403 ? 'auth' : 'validation',
    retryable: retryable || status === 401,
    userMessage:
      status === 401 || status === 403
        ? 'Lightspeed refused our access to this location. Connect the register again from the dashboard.'
        : retryable
          ? `Lightspeed answered ${status} when ${doing}; it is tried again automatically.`
          : `Lightspeed refused the request when ${doing} (${status}: ${body.slice(0, 120)}).`,
    details: { status },
  });
}

export async function salesDaily(
  base: string,
  accessToken: string,
  blId: number,
  date: string,
  signal?: AbortSignal,
): Promise<SalesDaily> {
  const url = `${base}/f/v2/business-location/${blId}/sales-daily?date=${date}&include=payments,consumer`;
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw failure(res.status, text, 'sales-daily');
  return daily.parse(JSON.parse(text));
}

type TokenPair = { accessToken: string; refreshToken: string; expiresAt: number };

/** `POST /oauth/token` with Basic client authentication; `what` names the step in errors. */
async function tokenRequest(
  base: string,
  client: { id: string; secret: string },
  params: Record<string, string>,
  what: string,
): Promise<TokenPair> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params),
  });
  const text = await res.text();
  if (!res.ok) throw failure(res.status, text, what);
  const t = tokens.parse(JSON.parse(text));
  return { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: Date.now() + t.expires_in * 1000 };
}

/** Refresh: single-use refresh token in, a new pair out. */
export function refreshTokens(
  base: string,
  client: { id: string; secret: string },
  refreshToken: string,
): Promise<TokenPair> {
  return tokenRequest(base, client, { grant_type: 'refresh_token', refresh_token: refreshToken }, 'token refresh');
}

/** The authorization code of the connect flow for a pair (same redirect_uri as the authorize step). */
export function exchangeCode(
  base: string,
  client: { id: string; secret: string },
  code: string,
  redirectUri: string,
): Promise<TokenPair> {
  return tokenRequest(
    base,
    client,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
    'code exchange',
  );
}

const businesses = z.object({
  _embedded: z
    .object({
      businessList: z.array(
        z.object({
          businessName: z.string(),
          businessId: z.number(),
          businessLocations: z.array(z.object({ blName: z.string(), blID: z.number() })).default([]),
        }),
      ),
    })
    .optional(),
});
export interface BusinessLocation {
  business: string;
  name: string;
  id: number;
}

/** Every business location the token may read (`GET /f/data/businesses`), to choose the one to connect. */
export async function businessLocations(base: string, accessToken: string): Promise<BusinessLocation[]> {
  const res = await fetch(`${base}/f/data/businesses?page=0&size=1000`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw failure(res.status, text, 'businesses');
  const list = businesses.parse(JSON.parse(text))._embedded?.businessList ?? [];
  return list.flatMap((b) =>
    b.businessLocations.map((l) => ({ business: b.businessName, name: l.blName, id: l.blID })),
  );
}
