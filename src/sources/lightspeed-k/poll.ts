import { isAppError } from '../../core/errors.ts';
import type { SourceConnection, SourceServices } from '../source.ts';
import { salesDaily } from './api.ts';
import { invoicedReturn, invoicedSale, RETURN_OBJECT, SALE_OBJECT, saleId } from './on-account.ts';
import type { LightspeedSettings } from './settings.ts';

/**
 * The worker's poll of every connected location for closed days. Each poll re-reads the last
 * `lookbackDays` (the sink posts nothing for an unchanged day and a correction for a changed one), and
 * a per-connection checkpoint — the last day up to which every day was queued — makes it start earlier
 * when a day could not be read (an outage, a worker down for longer than the lookback): such a day is
 * read on every poll until it is queued, never passed over. One location failing, or one day, stops
 * nothing else; the failure is shown on the connection in plain words.
 */

export const SYSTEM = 'lightspeed';
/** Days older than the lookback read per poll while a location catches up. */
export const CATCH_UP_DAYS = 31;

export interface PollDeps {
  services: SourceServices;
  apiUrl: string;
  now: () => number;
  accessToken(connection: SourceConnection): Promise<string | undefined>;
  invoicedBefore(connection: string, date: string): Promise<Iterable<string>>;
}

export function stockholmDay(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const channel = (connection: string) => `${connection}:days`;

async function readCheckpoint(services: SourceServices, connection: string): Promise<string | undefined> {
  const { rows } = await services.pool.query<{ position: string }>(
    'SELECT position FROM stream_checkpoints WHERE source = $1 AND channel = $2',
    [SYSTEM, channel(connection)],
  );
  return rows[0]?.position;
}

async function saveCheckpoint(services: SourceServices, connection: string, day: string): Promise<void> {
  await services.pool.query(
    `INSERT INTO stream_checkpoints (source, channel, position, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (source, channel) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
    [SYSTEM, channel(connection), day],
  );
}

/** The days one poll reads: from the day after the checkpoint (at most CATCH_UP_DAYS of them) and the lookback. */
export function daysToRead(today: string, settings: LightspeedSettings, checkpoint: string | undefined): string[] {
  const windowStart = addDays(today, 1 - settings.lookbackDays);
  const days: string[] = [];
  if (checkpoint !== undefined)
    for (let d = addDays(checkpoint, 1), n = 0; d < windowStart && n < CATCH_UP_DAYS; d = addDays(d, 1), n++)
      days.push(d);
  for (let d = windowStart; d <= today; d = addDays(d, 1)) days.push(d);
  return days.filter((d) => settings.startDate === null || d >= settings.startDate);
}

const reasonOf = (error: unknown) =>
  isAppError(error) ? error.userMessage : `Lightspeed's answer could not be read (${String(error).slice(0, 200)}).`;

export function pollLocations(deps: PollDeps): () => Promise<number> {
  const { services } = deps;

  /** Queues a complete day and its sales on account; the number of jobs. */
  async function queueDay(connection: SourceConnection, date: string, day: Awaited<ReturnType<typeof salesDaily>>) {
    const settings = connection.settings as LightspeedSettings;
    const send = (object: string, id: string, reason: string) =>
      services.queue.send('document.sync', {
        source: { system: SYSTEM, connection: connection.key, object, id },
        reason,
      });
    await send('day', date, 'lightspeed day complete');
    let queued = 1;
    // Each sale on account is its own invoice, re-queued every poll like the day (the sink posts nothing
    // twice); a sale invoiced earlier and since cancelled or moved off the account is queued to undo it.
    const invoiced = new Set(day.sales.filter((s) => invoicedSale(s, settings)).map((s) => s.accountFiscId));
    for (const id of await deps.invoicedBefore(connection.key, date)) invoiced.add(id);
    for (const fiscId of invoiced) {
      await send(SALE_OBJECT, saleId(date, fiscId), 'lightspeed sale on account');
      queued++;
    }
    for (const sale of day.sales.filter((s) => invoicedReturn(s, settings))) {
      await send(RETURN_OBJECT, saleId(date, sale.accountFiscId), 'lightspeed return on account');
      queued++;
    }
    return queued;
  }

  /** Polls one location; the problems to show on it (none: all is well). */
  async function pollConnection(connection: SourceConnection): Promise<{ queued: number; problems: string[] }> {
    const settings = connection.settings as LightspeedSettings;
    const location = settings.location ?? connection.key;
    const token = await deps.accessToken(connection);
    if (token === undefined) return { queued: 0, problems: [] }; // not connected: its days say so when read
    const today = stockholmDay(deps.now());
    const stored = await readCheckpoint(services, connection.key);
    // Days before the first day to post count as done (the old system booked them).
    const beforeStart = settings.startDate === null ? undefined : addDays(settings.startDate, -1);
    const checkpoint = stored !== undefined && beforeStart !== undefined && stored < beforeStart ? beforeStart : stored;
    const windowStart = addDays(today, 1 - settings.lookbackDays);
    let queued = 0;
    let reached = checkpoint;
    let advancing = true;
    const problems: string[] = [];
    const failed: { date: string; reason: string }[] = [];
    for (const date of daysToRead(today, settings, checkpoint)) {
      // The checkpoint moves only over days read and queued one after another, never back.
      if (reached !== undefined && date > addDays(reached, 1)) advancing = false;
      try {
        const day = await salesDaily(deps.apiUrl, token, settings.businessLocationId, date);
        if (!day.dataComplete) {
          if (date < windowStart)
            problems.push(
              `Lightspeed still reports ${date} as not finished. It is read again on every poll and posted once Lightspeed reports it complete; if the day was never closed, close it in Lightspeed.`,
            );
          advancing = false;
          continue;
        }
        if (day.sales.length > 0) queued += await queueDay(connection, date, day);
        if (advancing && (reached === undefined || date > reached)) reached = date;
      } catch (error) {
        advancing = false;
        failed.push({ date, reason: reasonOf(error) });
        if (isAppError(error) && error.category === 'auth') break; // every other day would be refused too
      }
    }
    if (reached !== undefined && reached !== stored) await saveCheckpoint(services, connection.key, reached);
    const first = failed[0];
    if (first !== undefined) {
      const days = failed.length === 1 ? first.date : `${failed.length} days (${first.date} to ${failed.at(-1)?.date})`;
      problems.unshift(`${days} could not be read: ${first.reason} It is read again on every poll until it is posted.`);
    }
    return { queued, problems: problems.map((p) => `Lightspeed location “${location}”: ${p}`) };
  }

  /** Every location's connection; one whose stored settings no longer read is told so, not the end of the poll. */
  async function connections(): Promise<SourceConnection[]> {
    try {
      return await services.connections.list(SYSTEM);
    } catch {
      const { rows } = await services.pool.query<{ key: string }>(
        'SELECT key FROM source_connections WHERE system = $1 ORDER BY key',
        [SYSTEM],
      );
      const found: SourceConnection[] = [];
      for (const { key } of rows) {
        try {
          const connection = await services.connections.get(SYSTEM, key);
          if (connection !== undefined) found.push(connection);
        } catch (error) {
          await services.connections
            .markError(SYSTEM, key, `Lightspeed location “${key}” is not polled: ${reasonOf(error)}`)
            .catch(() => undefined);
        }
      }
      return found;
    }
  }

  return async function pollOnce(): Promise<number> {
    let queued = 0;
    for (const connection of await connections()) {
      if (connection.state !== 'active') continue;
      let problems: string[];
      try {
        const result = await pollConnection(connection);
        queued += result.queued;
        problems = result.problems;
      } catch (error) {
        const location = (connection.settings as LightspeedSettings | undefined)?.location ?? connection.key;
        problems = [`Lightspeed location “${location}” could not be polled: ${reasonOf(error)}`];
      }
      try {
        if (problems.length > 0) await services.connections.markError(SYSTEM, connection.key, problems.join(' '));
        else if (connection.lastError !== null) await services.connections.clearError(SYSTEM, connection.key);
        await services.connections.touch(SYSTEM, connection.key);
      } catch (error) {
        services.logger.warn('lightspeed poll could not note the connection state', {
          connection: connection.key,
          error: String(error),
        });
      }
    }
    return queued;
  };
}
