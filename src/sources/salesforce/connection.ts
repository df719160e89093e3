import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Connection } from 'jsforce';
import { AppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { defined } from '../../core/optional.ts';
import { type SalesforceConfig, salesforcePrivateKey } from './config.ts';

/**
 * The one way the service talks to Salesforce: a jsforce Connection authorised with the OAuth 2.0
 * JWT bearer flow as the integration user. The flow issues no refresh token, so re-authentication
 * means signing a fresh assertion; jsforce calls it on any REST 401 (its `refreshFn` hook), and the
 * stream listener calls it on a CometD `401::Authentication invalid`. Every request carries
 * `Sforce-Call-Options: client=<SALESFORCE_CLIENT_NAME>` so CDC marks our own writes as ours.
 */

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Salesforce allows at most 3 minutes between now and `exp`.
const ASSERTION_LIFETIME_S = 170;
// Only used outside production when no key is configured: the emulator's published dev key.
const DEV_KEY_URL = new URL('../../../emulators/salesforce/dev-keys/dev-private-key.pem', import.meta.url);

export interface SalesforceSession {
  readonly conn: Connection;
  /** Signs a new assertion and replaces the access token; concurrent callers share one attempt. */
  reauthenticate(reason: string): Promise<void>;
  /** Called after every successful re-authentication (streaming clients must be rebuilt then). */
  onRenewed(listener: () => void): () => void;
}

export interface SessionOptions {
  /** Clock for the assertion's `exp`; tests pass the emulator's movable clock. */
  now?: () => number;
}

type SessionConfig = SalesforceConfig;

/** Salesforce wants the generic login host as audience even when the token endpoint is My Domain. */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname;
  if (host === 'test.salesforce.com' || host.includes('.sandbox.')) return 'https://test.salesforce.com';
  if (host.endsWith('.salesforce.com')) return 'https://login.salesforce.com';
  return loginUrl.replace(/\/$/, '');
}

export function signJwtAssertion(
  claims: { iss: string; sub: string; aud: string; exp: number },
  privateKeyPem: string,
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256' })}.${encode(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url')}`;
}

function privateKey(config: SessionConfig): string {
  const key = salesforcePrivateKey(config);
  if (key !== undefined) return key;
  if (config.NODE_ENV === 'production') throw authError('SALESFORCE_PRIVATE_KEY is not set');
  return readFileSync(DEV_KEY_URL, 'utf8');
}

function authError(message: string, cause?: unknown): AppError {
  return new AppError(`Salesforce authentication failed: ${message}`, {
    code: 'salesforce_auth_failed',
    category: 'auth',
    retryable: true,
    cause,
    userMessage:
      'The service could not sign in to Salesforce. Check the connected app, the certificate and that the integration user is pre-authorised.',
  });
}

/** Authorises a new connection; throws an `auth` AppError if Salesforce refuses. */
export async function createSalesforceSession(
  config: SessionConfig,
  logger: Logger,
  options: SessionOptions = {},
): Promise<SalesforceSession> {
  const now = options.now ?? Date.now;
  const key = privateKey(config);
  const listeners = new Set<() => void>();
  let inFlight: Promise<void> | undefined;

  const authorize = async (): Promise<void> => {
    const assertion = signJwtAssertion(
      {
        iss: config.SALESFORCE_CLIENT_ID,
        sub: config.SALESFORCE_USERNAME,
        aud: jwtAudience(config.SALESFORCE_LOGIN_URL),
        exp: Math.floor(now() / 1000) + ASSERTION_LIFETIME_S,
      },
      key,
    );
    try {
      await conn.authorize({ grant_type: JWT_GRANT, assertion });
    } catch (error) {
      // jsforce names the error after the OAuth `error` field (invalid_grant, invalid_client_id …).
      const name = error instanceof Error ? error.name : 'error';
      throw authError(`${name}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  };

  const conn: Connection = new Connection({
    loginUrl: config.SALESFORCE_LOGIN_URL,
    version: config.SALESFORCE_API_VERSION,
    callOptions: { client: config.SALESFORCE_CLIENT_NAME },
    oauth2: {
      loginUrl: config.SALESFORCE_LOGIN_URL,
      clientId: config.SALESFORCE_CLIENT_ID,
      ...defined({ clientSecret: config.SALESFORCE_CLIENT_SECRET }),
    },
    // jsforce calls this on a REST 401 and retries the request once with the new token.
    refreshFn: (_conn, callback) => {
      session.reauthenticate('rest_401').then(
        () => callback(null, conn.accessToken ?? undefined),
        (error: Error) => callback(error),
      );
    },
  });

  const session: SalesforceSession = {
    conn,
    reauthenticate: (reason) => {
      inFlight ??= (async () => {
        try {
          logger.info('salesforce re-authenticating', { reason });
          await authorize();
          for (const listener of listeners) listener();
        } finally {
          inFlight = undefined;
        }
      })();
      return inFlight;
    },
    onRenewed: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  await authorize();
  logger.info('salesforce session established', {
    instanceUrl: conn.instanceUrl,
    apiVersion: config.SALESFORCE_API_VERSION,
  });
  return session;
}
