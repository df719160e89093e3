import { type ByProjectKeyRequestBuilder, createApiBuilderFromCtpClient } from '@commercetools/platform-sdk';
import { ClientBuilder } from '@commercetools/ts-client';
import { AppError } from '../../core/errors.ts';
import type { SourceConnection } from '../source.ts';
import { type CommercetoolsConfig, credentialsFor } from './config.ts';

/**
 * One official SDK client per project connection (`@commercetools/platform-sdk` request builders on
 * `@commercetools/ts-client`, unmodified): client credentials flow (the SDK fetches a new token
 * before expiry by itself), and every failure said in the core's words — retryable or not, and
 * what a person does about it.
 */

export type CtApi = ByProjectKeyRequestBuilder;

export function buildApi(credentials: NonNullable<ReturnType<typeof credentialsFor>>): CtApi {
  const client = new ClientBuilder()
    .withProjectKey(credentials.projectKey)
    .withClientCredentialsFlow({
      host: credentials.authUrl,
      projectKey: credentials.projectKey,
      credentials: { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
      ...(credentials.scopes.length === 0 ? {} : { scopes: credentials.scopes }),
      httpClient: fetch,
    })
    .withHttpMiddleware({ host: credentials.apiUrl, httpClient: fetch })
    .build();
  return createApiBuilderFromCtpClient(client).withProjectKey({ projectKey: credentials.projectKey });
}

/** Clients by connection key, built on first use. */
export class ApiCache {
  readonly #config: CommercetoolsConfig;
  readonly #apis = new Map<string, { api: CtApi; fingerprint: string }>();

  constructor(config: CommercetoolsConfig) {
    this.#config = config;
  }

  /** The API client id of a connection: its own writes are recognised by it. */
  clientId(connection: SourceConnection): string {
    return this.#credentials(connection).clientId;
  }

  for(connection: SourceConnection): CtApi {
    const credentials = this.#credentials(connection);
    // The secret is part of it: a project reconnected with a rotated secret gets a new client at once.
    const fingerprint = `${credentials.clientId}|${credentials.clientSecret}|${credentials.apiUrl}|${credentials.authUrl}|${credentials.scopes.join(' ')}`;
    const cached = this.#apis.get(connection.key);
    if (cached?.fingerprint === fingerprint) return cached.api;
    const api = buildApi(credentials);
    this.#apis.set(connection.key, { api, fingerprint });
    return api;
  }

  #credentials(connection: SourceConnection): NonNullable<ReturnType<typeof credentialsFor>> {
    const credentials = credentialsFor(connection.key, connection.credentials, this.#config);
    if (credentials === undefined) {
      throw new AppError(`commercetools connection ${connection.key} has no credentials`, {
        code: 'commercetools_no_credentials',
        category: 'config',
        retryable: false,
        userMessage: `The commercetools project “${connection.key}” has no API client configured. Connect it again with a client id and secret.`,
      });
    }
    return credentials;
  }
}

interface SdkError {
  statusCode?: number;
  status?: number;
  message?: string;
  body?: { message?: string; errors?: Array<{ code?: string; message?: string; currentVersion?: number }> };
}

export function statusOf(error: unknown): number | undefined {
  const e = error as SdkError;
  return e?.statusCode ?? e?.status;
}

/** The first error code of commercetools' envelope (`ConcurrentModification`, `ResourceNotFound` …). */
export function errorCodeOf(error: unknown): string | undefined {
  return (error as SdkError)?.body?.errors?.[0]?.code;
}

export function currentVersionOf(error: unknown): number | undefined {
  return (error as SdkError)?.body?.errors?.[0]?.currentVersion;
}

/** Runs one SDK call; 404 is `undefined`, anything else failing is a typed error. */
export async function ctCall<T>(what: string, run: () => Promise<{ body: T }>): Promise<T | undefined> {
  try {
    return (await run()).body;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw toCtError(what, error);
  }
}

export function toCtError(what: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const status = statusOf(error);
  const code = errorCodeOf(error) ?? (status === undefined ? 'network' : `http_${status}`);
  const details = { status: status ?? null, ctCode: code };
  if (status === 401 || status === 403 || code === 'invalid_token' || code === 'insufficient_scope') {
    return new AppError(`commercetools refused ${what} (${code})`, {
      code: 'commercetools_auth',
      category: 'auth',
      // A token the SDK could not renew can be a passing auth outage; a missing scope is not, but a fix retries it.
      retryable: status === 401,
      userMessage:
        'commercetools refused our API client (wrong credentials or a missing scope such as view_orders, view_payments, view_customers, view_messages, manage_orders). Check the API client in the Merchant Center and reconnect the project.',
      details,
      cause: error,
    });
  }
  if (status === undefined || status >= 500 || status === 429 || status === 409) {
    return new AppError(`commercetools did not answer ${what} (${code})`, {
      code: 'commercetools_unavailable',
      category: status === 429 ? 'rate_limit' : 'unavailable',
      retryable: true,
      details,
      cause: error,
    });
  }
  return new AppError(`commercetools refused ${what}: ${(error as SdkError).body?.message ?? code}`, {
    code: 'commercetools_refused',
    category: 'validation',
    retryable: false,
    userMessage: `commercetools refused ${what}: ${(error as SdkError).body?.message ?? code}.`,
    details,
    cause: error,
  });
}
