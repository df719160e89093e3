import { z } from 'zod';
import { ConfigError } from './core/errors.ts';
import { SOURCES } from './sources/registry.ts';

/**
 * Every setting is an environment variable, parsed once at start. Local development needs none of
 * them: the defaults point at embedded Postgres and the emulators. In production (Heroku,
 * NODE_ENV=production) the variables a process needs must be set explicitly, and the known
 * development placeholders are refused, so a half-configured dyno fails at boot, not at the first job.
 */

const DEV_ENCRYPTION_KEY = '0'.repeat(64);
const DEV_APP_SECRET = 'development-only-app-secret-change-me';

const port = z.coerce.number().int().min(0).max(65535);
// Heroku's `generator: secret` promises only "a pseudo-random string", so any long secret is
// accepted; src/core/crypto.ts turns it into the 32-byte key.
const longSecret = z.string().min(32, 'must be at least 32 characters, e.g. `openssl rand -hex 32`');

const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  PORT: port.default(3000),
  /** The app's web address (https://<app>.herokuapp.com): OAuth callbacks and invoice-PDF links; required in production. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Forces TLS on or off; by default on when running on Heroku (DYNO is set). */
  DATABASE_SSL: z.stringbool().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(5),
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_PG_PORT: port.default(54329),
  DYNO: z.string().optional(),

  ENCRYPTION_KEY: longSecret.default(DEV_ENCRYPTION_KEY),
  /** Password of the dashboard (HTTP Basic, any user name); without it the dashboard is open, which only development allows. */
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  APP_SECRET: longSecret.default(DEV_APP_SECRET),
  /** Bearer token for `GET /metrics` (Prometheus); without it only a signed-in admin can read them. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  FORTNOX_CLIENT_ID: z.string().min(1).default('demo-client'),
  FORTNOX_CLIENT_SECRET: z.string().min(1).default('demo-secret'),
  /** Defaults: the real Fortnox in production, the local emulator otherwise (see ENDPOINT_DEFAULTS). */
  FORTNOX_API_URL: z.url().optional(),
  FORTNOX_AUTH_URL: z.url().optional(),
  FORTNOX_SCOPES: z
    .string()
    .default('companyinformation customer article price invoice payment bookkeeping settings currency order'),
  /** Requests per 5 s window per tenant; Fortnox's ceiling is 25, we stay one below it. */
  FORTNOX_RATE_LIMIT: z.coerce.number().int().min(1).max(25).default(24),
  FORTNOX_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(5000),

  /** How often each connected tenant's invoices are polled (the safety net under the WebSocket). */
  STATUS_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long a burst of status changes waits so it leaves in one batch call to the source. */
  WRITEBACK_BATCH_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  /** Fortnox's WebSocket topics API; by default wss://ws.fortnox.se/topics-v1 in production, the emulator's otherwise. */
  FORTNOX_WS_URL: z.url({ protocol: /^wss?$/ }).optional(),
  /** `false` leaves status to the poller alone. */
  FORTNOX_WS_ENABLED: z.stringbool().default(true),
  /**
   * Where the console's "Open in Fortnox" goes: a template with {tenant}, {kind} ('invoice', 'order' …)
   * and {number}. Fortnox's web app deep links are not documented, so by default it opens the web app
   * (the emulator's finance page locally) and shows the number to look up.
   */
  FORTNOX_DOCUMENT_URL: z.string().min(1).optional(),
  /** How long a Fortnox_Invoice_Link__c PDF link stays valid (rounded up to whole days). */
  INVOICE_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(90),

  /** Jobs one worker process runs at once per queue; 6 keeps a tenant at Fortnox's rate ceiling (measured, bench/). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(6),
  /** Heroku sends SIGKILL 30 s after SIGTERM; we must be gone before that. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(6000).max(28000).default(25000),
});

type Endpoint = 'FORTNOX_API_URL' | 'FORTNOX_AUTH_URL';
const ENDPOINT_DEFAULTS: Record<'production' | 'local', Record<Endpoint, string>> = {
  production: { FORTNOX_API_URL: 'https://api.fortnox.se', FORTNOX_AUTH_URL: 'https://apps.fortnox.se' },
  local: { FORTNOX_API_URL: 'http://127.0.0.1:8091', FORTNOX_AUTH_URL: 'http://127.0.0.1:8091' },
};

type Base = z.infer<typeof baseSchema>;
/**
 * The parsed environment: the base variables typed, plus every source adapter's own slice (which
 * each adapter reads through its own schema, see `SourceAdapter.configSchema`).
 */
export type Config = Readonly<Omit<Base, Endpoint> & Record<Endpoint, string>> & Readonly<Record<string, unknown>>;
export type ProcessRole = 'web' | 'worker' | 'release' | 'all';

type Key = keyof Base;

/** The base schema and every adapter's slice, as one object: one parse, one list of problems. */
function fullSchema() {
  let schema: z.ZodObject = baseSchema;
  for (const adapter of SOURCES) if (adapter.configSchema) schema = schema.extend(adapter.configSchema.shape);
  return schema;
}

/** Every variable the service reads (app.json and the README document exactly these). */
export function configVariables(): string[] {
  return Object.keys(fullSchema().shape);
}

/** What each process must be given explicitly in production (everything else has a safe default). */
const BASE_REQUIRED_IN_PRODUCTION: Record<ProcessRole, readonly Key[]> = {
  release: ['DATABASE_URL'],
  // PUBLIC_URL: web builds the OAuth redirect and the worker the invoice-PDF links; a guess from the
  // request or the local port would write localhost links into the source system.
  web: [
    'DATABASE_URL',
    'PUBLIC_URL',
    'ENCRYPTION_KEY',
    'APP_SECRET',
    'ADMIN_PASSWORD',
    'FORTNOX_CLIENT_ID',
    'FORTNOX_CLIENT_SECRET',
  ],
  worker: ['DATABASE_URL', 'PUBLIC_URL', 'ENCRYPTION_KEY', 'APP_SECRET', 'FORTNOX_CLIENT_ID', 'FORTNOX_CLIENT_SECRET'],
  all: [],
};

/** What each process must be given explicitly in production: the base's and every adapter's. */
export function requiredInProduction(role: ProcessRole): readonly string[] {
  const of = (r: 'web' | 'worker' | 'release'): string[] => [
    ...BASE_REQUIRED_IN_PRODUCTION[r],
    ...(r === 'release' ? [] : SOURCES.flatMap((a) => a.requiredInProduction?.[r] ?? [])),
  ];
  return role === 'all' ? [...new Set([...of('web'), ...of('worker')])] : of(role);
}

const PLACEHOLDERS: Partial<Record<string, string>> = {
  ENCRYPTION_KEY: DEV_ENCRYPTION_KEY,
  APP_SECRET: DEV_APP_SECRET,
  FORTNOX_CLIENT_SECRET: 'demo-secret',
};

/** Parses the environment for one process; throws one ConfigError naming every bad variable. */
export function loadConfig(role: ProcessRole, env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable is treated as unset: Heroku and .env files produce them easily.
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  const parsed = fullSchema().safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '(environment)');
      problems.push(`${name}: ${issue.message}`);
    }
  }
  if (input.NODE_ENV === 'production') {
    for (const key of requiredInProduction(role)) {
      if (input[key] === undefined) problems.push(`${key}: required in production for the ${role} process`);
      else if (PLACEHOLDERS[key] !== undefined && input[key] === PLACEHOLDERS[key]) {
        problems.push(`${key}: still the development placeholder; set a real secret`);
      }
    }
  }
  if (problems.length > 0 || !parsed.success) {
    const unique = [...new Set(problems)].sort();
    throw new ConfigError(
      `Invalid configuration (${unique.length} problem${unique.length === 1 ? '' : 's'}):\n  - ${unique.join('\n  - ')}`,
      unique,
    );
  }
  const data = parsed.data as Base & Record<string, unknown>;
  const endpoints = ENDPOINT_DEFAULTS[data.NODE_ENV === 'production' ? 'production' : 'local'];
  return Object.freeze({
    ...data,
    FORTNOX_API_URL: data.FORTNOX_API_URL ?? endpoints.FORTNOX_API_URL,
    FORTNOX_AUTH_URL: data.FORTNOX_AUTH_URL ?? endpoints.FORTNOX_AUTH_URL,
  });
}
