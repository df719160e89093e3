import { z } from 'zod';

/**
 * Salesforce's slice of the environment, merged into the one config parse at start (so a bad
 * variable here is listed with every other one). Locally nothing is needed: the defaults point at
 * the emulator and its development key.
 */
export const salesforceConfigSchema = z.object({
  /** Your My Domain URL in production (https://yourcompany.my.salesforce.com); the emulator locally. */
  SALESFORCE_LOGIN_URL: z.url().optional(),
  SALESFORCE_CLIENT_ID: z.string().min(1).default('demo-client'),
  SALESFORCE_CLIENT_SECRET: z.string().min(1).optional(),
  SALESFORCE_USERNAME: z.string().min(1).default('integration@demo.example'),
  /** PEM private key for the JWT bearer flow; `\n` escapes are accepted (Heroku config vars are one line). */
  SALESFORCE_PRIVATE_KEY: z.string().min(1).optional(),
  SALESFORCE_API_VERSION: z
    .string()
    .regex(/^\d{2}\.0$/, 'must look like 64.0')
    .default('64.0'),
  /** Sent as `Sforce-Call-Options: client=…` so the listener recognises our own write-backs. */
  SALESFORCE_CLIENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('fortnox-sync'),
});

export type SalesforceConfig = Omit<z.infer<typeof salesforceConfigSchema>, 'SALESFORCE_LOGIN_URL'> & {
  SALESFORCE_LOGIN_URL: string;
  NODE_ENV: 'development' | 'test' | 'production';
};

export const SALESFORCE_REQUIRED_IN_PRODUCTION = [
  'SALESFORCE_CLIENT_ID',
  'SALESFORCE_USERNAME',
  'SALESFORCE_PRIVATE_KEY',
] as const;

const PRODUCTION_LOGIN = 'https://login.salesforce.com';
const LOCAL_LOGIN = 'http://127.0.0.1:8092';

/** The adapter's view of the parsed config: its own variables, with the login URL resolved. */
export function salesforceConfig(config: Readonly<Record<string, unknown>>): SalesforceConfig {
  const own = salesforceConfigSchema.parse(config);
  const nodeEnv = (config.NODE_ENV ?? 'development') as SalesforceConfig['NODE_ENV'];
  return {
    ...own,
    NODE_ENV: nodeEnv,
    SALESFORCE_LOGIN_URL: own.SALESFORCE_LOGIN_URL ?? (nodeEnv === 'production' ? PRODUCTION_LOGIN : LOCAL_LOGIN),
  };
}

/** The PEM key with Heroku-style `\n` escapes turned back into newlines. */
export function salesforcePrivateKey(config: Pick<SalesforceConfig, 'SALESFORCE_PRIVATE_KEY'>): string | undefined {
  return config.SALESFORCE_PRIVATE_KEY?.replace(/\\n/g, '\n');
}
