import { z } from 'zod';
import type { ConnectionSeed } from '../source.ts';

/**
 * commercetools' slice of the environment. One project can be defined here (Heroku config vars, the
 * demo); it becomes a source connection whose key is the project key. Locally the defaults point at
 * the emulator's demo project, so `npm run demo` needs nothing set.
 */
export const commercetoolsConfigSchema = z.object({
  /** The project to connect from the environment; unset → no environment-defined project. */
  COMMERCETOOLS_PROJECT_KEY: z
    .string()
    .regex(/^[a-z0-9-]{1,20}$/, 'must be a commercetools project key of at most 20 characters ([a-z0-9-])')
    .optional(),
  COMMERCETOOLS_CLIENT_ID: z.string().min(1).default('demo-client'),
  COMMERCETOOLS_CLIENT_SECRET: z.string().min(1).optional(),
  /** e.g. https://api.europe-west1.gcp.commercetools.com; the emulator locally. */
  COMMERCETOOLS_API_URL: z.url().default('http://127.0.0.1:8094'),
  /** e.g. https://auth.europe-west1.gcp.commercetools.com; the emulator locally. */
  COMMERCETOOLS_AUTH_URL: z.url().default('http://127.0.0.1:8094'),
  /** Space-separated; empty asks for every scope of the API client. */
  COMMERCETOOLS_SCOPES: z.string().default(''),
  /** How often the Messages feed is read (the issue asks for "every few seconds"). */
  COMMERCETOOLS_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** How often orders and payments are re-read by lastModifiedAt, catching what no message told us. */
  COMMERCETOOLS_RECONCILE_MS: z.coerce.number().int().min(1000).default(600_000),
});

export type CommercetoolsConfig = z.infer<typeof commercetoolsConfigSchema>;

export function commercetoolsConfig(config: Readonly<Record<string, unknown>>): CommercetoolsConfig {
  return commercetoolsConfigSchema.parse(config);
}

/** Credentials as stored (encrypted) with a connection, or taken from the environment. */
export const credentialsSchema = z.object({
  projectKey: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  apiUrl: z.url(),
  authUrl: z.url(),
  scopes: z.array(z.string().min(1)).default([]),
});
export type CommercetoolsCredentials = z.infer<typeof credentialsSchema>;

export function connectionsFromConfig(config: Readonly<Record<string, unknown>>): ConnectionSeed[] {
  const own = commercetoolsConfig(config);
  if (own.COMMERCETOOLS_PROJECT_KEY === undefined) return [];
  return [{ key: own.COMMERCETOOLS_PROJECT_KEY, label: `commercetools project ${own.COMMERCETOOLS_PROJECT_KEY}` }];
}

/** The connection's stored credentials, or the environment's when it is the environment-defined project. */
export function credentialsFor(
  connectionKey: string,
  stored: unknown,
  config: CommercetoolsConfig,
): CommercetoolsCredentials | undefined {
  if (stored !== undefined && stored !== null) return credentialsSchema.parse(stored);
  if (config.COMMERCETOOLS_PROJECT_KEY !== connectionKey || config.COMMERCETOOLS_CLIENT_SECRET === undefined) {
    return undefined;
  }
  return {
    projectKey: connectionKey,
    clientId: config.COMMERCETOOLS_CLIENT_ID,
    clientSecret: config.COMMERCETOOLS_CLIENT_SECRET,
    apiUrl: config.COMMERCETOOLS_API_URL,
    authUrl: config.COMMERCETOOLS_AUTH_URL,
    scopes: config.COMMERCETOOLS_SCOPES.split(/\s+/).filter(Boolean),
  };
}
