import type { SieImportResult } from './sie-import.ts';

/**
 * The command line of `npm run sie:import -- <file> --connection <key> [--location <name>]`, parsed
 * strictly (a typo must not import into the wrong location), and the summary a person reads.
 */

export class UsageError extends Error {}

export const USAGE =
  'usage: npm run sie:import -- <file.se> --connection <key> [--location <name>]   (key: a-z, 0-9, -; at most 20)';

export interface SieArgs {
  file: string;
  connection: string;
  location: string | undefined;
}

export function parseSieArgs(argv: readonly string[]): SieArgs {
  let file: string | undefined;
  let connection: string | undefined;
  let location: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--connection') connection = value();
    else if (arg === '--location') location = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`one file at a time (got ${file} and ${arg})`);
  }
  if (file === undefined) throw new UsageError('which SIE file? Give its path first');
  if (connection === undefined)
    throw new UsageError('--connection is required: the register or location the file belongs to');
  if (!/^[a-z0-9-]{1,20}$/.test(connection))
    throw new UsageError(`--connection ${connection} must be a-z, 0-9 and -, at most 20`);
  return { file, connection, location };
}

export function summary(file: string, r: SieImportResult): string {
  const out: string[] = [];
  if (r.errors.length > 0) {
    out.push(`${file} was not imported; fix these lines and import it again:`);
    for (const e of r.errors) out.push(`  ${e.message}`);
    return out.join('\n');
  }
  for (const w of r.warnings) out.push(`note: ${w}`);
  if (r.refused.length > 0) {
    out.push(`${file} was not imported: a location is fed by one input only.`);
    for (const refused of r.refused) out.push(`  ${refused}`);
    return out.join('\n');
  }
  out.push(
    `${file}: ${r.queued.length} verification(s) queued for Fortnox, ${r.unchanged.length} already imported unchanged. Watch the dashboard for each voucher.`,
  );
  return out.join('\n');
}
