import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { createBenchDatabase } from '../bench/environment.ts';
import { startStack } from './stack.ts';

/**
 * `node scripts/console-screenshots.ts`: the README's console pictures. A stack of its own (both
 * emulators, a throw-away database), a few ledger rows of two sources — one needing attention with
 * its audit trail — and one screenshot per console page into docs/console/.
 */

const OUT = resolve(import.meta.dirname, '..', 'docs', 'console');
mkdirSync(OUT, { recursive: true });
const db = await createBenchDatabase();
const stack = await startStack({ databaseUrl: db.url, worker: false, env: { LOG_LEVEL: 'error' } });
const pool = new pg.Pool({ connectionString: db.url });
try {
  await pool.query(`INSERT INTO sync_records (source_system, source_connection, source_object, source_id, tenant_id,
      document_kind, state, source_label, source_number, source_total, source_net, source_currency, fortnox_number, fortnox_total, currency,
      error_code, error_message, remote_message)
    VALUES ('salesforce', 'default', 'Opportunity', '0068d0000007hH8AAI', '1001', 'invoice', 'needs_attention', 'Acme renewal 2027',
            'Acme renewal 2027', NULL, 12500, 'SEK', NULL, NULL, NULL, 'preflight_failed',
            'The Account has no billing country. Fill in the billing country and save it; it decides the VAT.', NULL),
           ('salesforce', 'default', 'Opportunity', '0068d0000007hJ2AAI', '1001', 'invoice', 'draft', 'Nordlys service',
            'Nordlys service', NULL, 8400, 'SEK', '1042', 10500, 'SEK', NULL, NULL, NULL),
           ('webshop', 'main', 'order', '10234', '1001', 'invoice', 'paid', 'Order #10234', '#10234', 1249, NULL, 'SEK',
            '1043', 1249, 'SEK', NULL, NULL, NULL)`);
  await pool.query(`INSERT INTO sync_events (sync_record_id, correlation_id, kind, from_state, to_state, message, request, response)
    SELECT id, 'a1b2c3d4-demo', 'transition', 'pending', 'needs_attention', 'pre-flight failed',
           '{"Opportunity": "0068d0000007hH8AAI", "Account": {"Name": "Acme AB", "BillingCountry": null}}', NULL
      FROM sync_records WHERE source_id = '0068d0000007hH8AAI'`);
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM sync_records WHERE source_id = '0068d0000007hH8AAI'`,
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const [name, path] of [
    ['overview', '/'],
    ['records', '/records'],
    ['record', `/records/${rows[0]?.id}`],
    ['bulk-actions', '/records/bulk'],
    ['not-found', '/no-such-page'],
  ] as const) {
    await page.goto(`${stack.appUrl}${path}`);
    await page.screenshot({ path: resolve(OUT, `${name}.png`), fullPage: true });
  }
  await browser.close();
  process.stdout.write(`screenshots → ${OUT}\n`);
} finally {
  await pool.end();
  await stack.stop();
  await db.drop();
}
process.exit(0);
