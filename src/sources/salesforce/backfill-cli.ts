/**
 * The command line of `npm run backfill`: parsing `--since` strictly (a typo must not silently
 * backfill from 1970 or from today), and the progress bar drawn on stderr so stdout keeps only the
 * summary. No dependency: one line redrawn with `\r`, only when stderr is a terminal.
 */

export class UsageError extends Error {}

export const USAGE =
  'usage: npm run backfill -- --since YYYY-MM-DD   (won Opportunities, activated Orders and Products per the settings, changed since that day, 00:00 UTC)';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date (midnight UTC) or an ISO date-time with its offset; anything else is refused. */
export function parseSince(value: string): Date {
  const day = DATE.exec(value);
  if (day) {
    const date = new Date(`${value}T00:00:00Z`);
    // new Date() rolls 2026-02-30 over to March; a real date survives the round trip.
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value) return date;
    throw new UsageError(`--since ${value} is not a real calendar date`);
  }
  if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new UsageError(`--since must be a date like 2026-01-01 (got "${value}")`);
}

export function parseBackfillArgs(argv: readonly string[]): { since: Date } {
  let since: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--since') {
      since = argv[++i];
      if (since === undefined || since.startsWith('--'))
        throw new UsageError('--since needs a date, e.g. --since 2026-01-01');
    } else if (arg.startsWith('--since=')) {
      since = arg.slice('--since='.length);
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (since === undefined) throw new UsageError('--since is required, e.g. --since 2026-01-01');
  const date = parseSince(since);
  if (date.getTime() > Date.now()) throw new UsageError(`--since ${since} is in the future`);
  return { since: date };
}

export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

export function progressBar(stream: NodeJS.WriteStream, width = 30): ProgressBar {
  let last = '';
  const draw = (done: number, total: number): void => {
    const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
    const line = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    if (line !== last && stream.isTTY) stream.write(line);
    last = line;
  };
  return {
    update: draw,
    finish: () => {
      if (stream.isTTY && last !== '') stream.write('\n');
    },
  };
}
