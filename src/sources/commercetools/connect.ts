import { z } from 'zod';
import { deriveKey } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';
import { saveConnection } from '../../db/source-connections.repo.ts';
import type { SourceServices } from '../source.ts';
import { buildApi, statusOf } from './client.ts';
import type { CommercetoolsCredentials } from './config.ts';
import { SYSTEM } from './ids.ts';

/**
 * Connecting a commercetools project from the console: the API client's id and secret are checked
 * with a real token request (which also says what scopes the client has) and a real read of the
 * project's orders through the official SDK; only then are they stored, encrypted, as the
 * connection named by the project key. Each problem is said so that the person at the form can fix it.
 */

export const REGIONS = [
  'europe-west1.gcp',
  'eu-central-1.aws',
  'us-central1.gcp',
  'us-east-2.aws',
  'australia-southeast1.gcp',
] as const;

export const connectInput = z
  .object({
    projectKey: z
      .string()
      .regex(/^[a-z0-9-]{1,20}$/, 'the project key: lowercase letters, digits and -, at most 20 characters'),
    label: z.string().min(1).max(100).optional(),
    region: z.enum([...REGIONS, 'custom'], { error: 'choose the region of your project, or "other hosts"' }),
    apiUrl: z.url('the API URL, e.g. https://api.europe-west1.gcp.commercetools.com').optional(),
    authUrl: z.url('the auth URL, e.g. https://auth.europe-west1.gcp.commercetools.com').optional(),
    clientId: z.string().trim().min(1, 'the API client’s client_id'),
    clientSecret: z.string().trim().min(1, 'the API client’s secret'),
    scopes: z.string().max(2000).default(''),
  })
  .refine((v) => v.region !== 'custom' || (v.apiUrl !== undefined && v.authUrl !== undefined), {
    message: 'with "other hosts", give both the API URL and the auth URL',
    path: ['apiUrl'],
  });
export type ConnectInput = z.infer<typeof connectInput>;

/** What the source needs, each satisfied by the view or manage scope (or manage_project). */
const NEEDED: ReadonlyArray<{ scope: string; alternatives: string[]; why: string }> = [
  { scope: 'manage_orders', alternatives: ['manage_orders'], why: 'read orders and write the Fortnox number back' },
  { scope: 'view_payments', alternatives: ['view_payments', 'manage_payments'], why: 'read captures and refunds' },
  { scope: 'view_customers', alternatives: ['view_customers', 'manage_customers'], why: 'read customers' },
  { scope: 'view_messages', alternatives: ['view_messages'], why: 'read changes within seconds' },
];

export function missingScopes(granted: readonly string[], project: string): string[] {
  if (granted.includes(`manage_project:${project}`)) return [];
  return NEEDED.filter((n) => !n.alternatives.some((a) => granted.includes(`${a}:${project}`))).map(
    (n) => `${n.scope}:${project} (to ${n.why})`,
  );
}

const refused = (code: string, userMessage: string, cause?: unknown) =>
  new AppError(`commercetools connect failed: ${code}`, {
    code: 'commercetools_connect_failed',
    category: 'validation',
    retryable: false,
    userMessage,
    details: { reason: code },
    ...(cause === undefined ? {} : { cause }),
  });

export function credentialsOf(input: ConnectInput): CommercetoolsCredentials {
  const host = (kind: 'api' | 'auth') => `https://${kind}.${input.region}.commercetools.com`;
  return {
    projectKey: input.projectKey,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    apiUrl: (input.region === 'custom' ? input.apiUrl! : host('api')).replace(/\/$/, ''),
    authUrl: (input.region === 'custom' ? input.authUrl! : host('auth')).replace(/\/$/, ''),
    scopes: input.scopes.split(/[\s,]+/).filter(Boolean),
  };
}

/** The token request itself: wrong credentials and missing scopes are told apart here. */
async function grantedScopes(c: CommercetoolsCredentials): Promise<string[]> {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (c.scopes.length > 0) body.set('scope', c.scopes.join(' '));
  let res: Response;
  try {
    res = await fetch(`${c.authUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw refused(
      'unreachable',
      `commercetools could not be reached at ${c.authUrl} (${String((error as Error).message ?? error)}). Check the region (or the auth URL) and try again.`,
      error,
    );
  }
  const json = (await res.json().catch(() => ({}))) as { scope?: string; error?: string; message?: string };
  if (res.status === 401 || json.error === 'invalid_client')
    throw refused(
      'invalid_client',
      'commercetools did not accept this client id and secret. Copy both from the API client you created (Merchant Center → Settings → Developer settings); the secret is shown only once, when the client is created.',
    );
  if (json.error === 'invalid_scope')
    throw refused(
      'invalid_scope',
      `The API client does not have the scopes asked for (${json.message ?? 'invalid scope'}). Leave “scopes” empty to use all of the client’s scopes, or add them to the client.`,
    );
  if (!res.ok || json.scope === undefined)
    throw refused(
      `http_${res.status}`,
      `commercetools answered ${res.status} to the token request at ${c.authUrl}; check the auth URL.`,
    );
  return json.scope.split(/\s+/).filter(Boolean);
}

export async function connectProject(services: SourceServices, input: ConnectInput): Promise<CommercetoolsCredentials> {
  const credentials = credentialsOf(input);
  const missing = missingScopes(await grantedScopes(credentials), input.projectKey);
  if (missing.length > 0)
    throw refused(
      'missing_scopes',
      `The API client lacks scopes the sync needs: ${missing.join(', ')}. Add them to the API client in the Merchant Center (or create one with them) and connect again.`,
    );
  try {
    await buildApi(credentials)
      .orders()
      .get({ queryArgs: { limit: 1, withTotal: false } })
      .execute();
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 403 || status === 401)
      throw refused(
        'project_not_found',
        `Project “${input.projectKey}” was not found at ${credentials.apiUrl}, or this API client belongs to another project. Check the project key and the region.`,
        error,
      );
    throw refused(
      'api_unavailable',
      `commercetools did not answer reading the orders of “${input.projectKey}” at ${credentials.apiUrl} (${status ?? 'no answer'}). Check the API URL and try again.`,
      error,
    );
  }
  await saveConnection(services.pool, deriveKey(String(services.config.ENCRYPTION_KEY)), {
    system: SYSTEM,
    key: input.projectKey,
    label: input.label ?? `commercetools project ${input.projectKey}`,
    credentials,
  });
  // A project connected here is synced from now on, like a connected store: its last 15 days of
  // messages are history, not a backlog to invoice. A reconnect (a rotated secret) keeps its place.
  const start = JSON.stringify({ at: new Date().toISOString(), readAt: new Date().toISOString(), seen: [], seq: {} });
  await services.pool.query(
    `INSERT INTO stream_checkpoints (source, channel, position, event_at, updated_at) VALUES ($1, $2, $3, now(), now())
     ON CONFLICT (source, channel) DO NOTHING`,
    [SYSTEM, `${input.projectKey}:messages`, start],
  );
  return credentials;
}
