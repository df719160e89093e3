import { readFile } from 'node:fs/promises';
import { boot } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { deriveKey } from '../src/core/crypto.ts';
import { createLogger } from '../src/core/logger.ts';
import { connectionDirectory } from '../src/db/source-connections.repo.ts';
import { startRuntime } from '../src/runtime.ts';
import { parseSieArgs, summary, USAGE, UsageError } from '../src/sources/sie/sie-cli.ts';
import { sieConnection } from '../src/sources/sie/sie-connection.ts';
import { importSie } from '../src/sources/sie/sie-import.ts';
import { parseConnectionSettings } from '../src/sources/source-set.ts';

/**
 * `npm run sie:import -- dag.se --connection gotgatan-sie --location gotgatan`: imports an SIE4
 * file's verifications for a location and queues each new or changed one; the worker posts them
 * through the voucher sink. Exit codes: 0 imported, 1 the file has errors or another input feeds one of its days (nothing imported), 2 usage.
 */

let args: ReturnType<typeof parseSieArgs>;
try {
  args = parseSieArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`sie:import: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}

boot(async () => {
  const config = loadConfig('worker');
  const logger = createLogger({ level: process.env.LOG_LEVEL === undefined ? 'warn' : config.LOG_LEVEL }).child({
    process: 'sie-import',
  });
  const bytes = new Uint8Array(await readFile(args.file));
  const runtime = await startRuntime(config, { role: 'sie-import', migrate: true, supervise: false, logger });
  try {
    const key = deriveKey(config.ENCRYPTION_KEY);
    const connections = connectionDirectory(runtime.pool, key, parseConnectionSettings);
    const location = await sieConnection(runtime.pool, key, connections, args.connection, args.location);
    const result = await importSie(runtime, args.connection, location, bytes);
    process.stdout.write(`${summary(args.file, result)}\n`);
    if (result.errors.length > 0 || result.refused.length > 0) process.exitCode = 1;
  } finally {
    await runtime.stop(5000);
  }
});
