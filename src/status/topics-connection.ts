import { WebSocket } from 'ws';
import { z } from 'zod';
import { defined } from '../core/optional.ts';
import { withTransaction } from '../db/connection.ts';
import { jobIdFor } from '../jobs/job-ids.ts';
import type { StatusDeps } from './status-deps.ts';
import { saveCheckpoint } from './status-ledger.ts';

/**
 * One WebSocket session with Fortnox's topics API: add-tenants-v1 → add-topics-v1 → subscribe-v1,
 * then events, handled strictly one at a time in arrival order. Each event's job and its tenant's
 * offset are written in one transaction (job id derived from topic + offset), so a crash replays
 * the event instead of losing it and a replay never enqueues twice (DESIGN invariant 2).
 */

const Answer = z.object({ response: z.string(), result: z.enum(['ok', 'error']) }).loose();
const EventSchema = z.object({
  topic: z.string(),
  offset: z.string().min(1),
  type: z.string(),
  tenantId: z.union([z.number(), z.string()]).transform(String),
  entityId: z.union([z.number(), z.string()]).transform(String),
  timestamp: z.string().optional(),
});
export type TopicEvent = z.output<typeof EventSchema>;

export const TOPIC = 'invoices';
/**
 * Stock changes. Only a nudge (`stock.sync` of the tenant reads what changed), so it is subscribed
 * live, without an offset: what happens while we are away is caught by the poller's clock, and the
 * stored offset stays the invoices topic's (offsets are per topic).
 */
export const STOCK_TOPIC = 'articles';
/** With Fortnox's warehouse module stock moves by stock balance events (`warehouse-stockbalance-changed-v1`). */
export const WAREHOUSE_TOPIC = 'warehouse-stockbalances';
const STOCK_TOPICS = [{ topic: STOCK_TOPIC }, { topic: WAREHOUSE_TOPIC }];
const isStock = (topic: string) => topic === STOCK_TOPIC || topic === WAREHOUSE_TOPIC;

export interface TopicsConnectionOptions {
  url: string;
  clientSecret: string;
  deps: StatusDeps;
  tenants: readonly string[];
  offset: string | undefined;
  onEvent(event: TopicEvent): void;
  onClose(reason: string): void;
}

/** The job an event asks for: invoice events name the invoice, payment events the payment. */
function jobFor(e: TopicEvent): { tenantId: string; documentNumber?: string; paymentNumber?: string } | undefined {
  if (!/^\d{1,20}$/.test(e.entityId) || !/^\d{1,12}$/.test(e.tenantId)) return undefined;
  // A new invoice is either ours — its state is known from the answer to the POST that made it — or
  // not ours (ignored anyway). Reading each one back would double the Fortnox requests per invoice.
  if (e.type === 'invoice-created-v1') return undefined;
  if (e.type.startsWith('invoicepayment-')) return { tenantId: e.tenantId, paymentNumber: e.entityId };
  if (e.type.startsWith('invoice-') || e.type.startsWith('reminder-'))
    return { tenantId: e.tenantId, documentNumber: e.entityId };
  return undefined;
}

export class TopicsConnection {
  readonly #o: TopicsConnectionOptions;
  #socket: WebSocket | undefined;
  #waiting: { command: string; resolve: (a: z.output<typeof Answer>) => void }[] = [];
  #chain: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  /** Tenants with a stock nudge waiting in the chain. */
  readonly #stockWaiting = new Set<string>();
  tenants: string[] = [];
  subscribed = false;

  constructor(options: TopicsConnectionOptions) {
    this.#o = options;
  }

  async open(): Promise<void> {
    const { deps } = this.#o;
    const socket = new WebSocket(this.#o.url, { handshakeTimeout: 10_000 });
    this.#socket = socket;
    socket.on('message', (data) => this.#message(data.toString()));
    socket.on('close', (code) => void this.close(`socket closed (${code})`));
    socket.on('error', (error) => void this.close(`socket error: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });

    const byToken = new Map<string, string>();
    for (const tenantId of this.#o.tenants) {
      try {
        byToken.set(`Bearer ${await deps.fortnox.tokens.accessToken(tenantId)}`, tenantId);
      } catch (error) {
        deps.logger.warn('fortnox websocket: no token for tenant; it is left to the poller', { tenantId, error });
      }
    }
    const added = await this.#request({
      command: 'add-tenants-v1',
      clientSecret: this.#o.clientSecret,
      accessTokens: [...byToken.keys()],
    });
    const invalid = new Set(z.array(z.string()).catch([]).parse(added.invalidTokens));
    this.tenants = [...byToken].filter(([token]) => !invalid.has(token)).map(([, tenant]) => tenant);
    if (invalid.size > 0)
      deps.logger.warn('fortnox websocket refused tenants; they are left to the poller', {
        tenants: [...byToken].filter(([t]) => invalid.has(t)).map(([, id]) => id),
      });

    const offset = this.#o.offset;
    const topics = await this.#request(
      { command: 'add-topics-v1', topics: [{ topic: TOPIC, ...defined({ offset }) }, ...STOCK_TOPICS] },
      offset !== undefined,
    );
    if (topics.result === 'error') {
      // Older than Fortnox keeps (two weeks): start live, and let the poller read what we missed.
      deps.logger.warn('fortnox websocket refused our offset; resuming live and polling every tenant', {
        offset,
        answer: topics,
      });
      await this.#request({ command: 'add-topics-v1', topics: [{ topic: TOPIC }, ...STOCK_TOPICS] });
      for (const tenantId of this.tenants)
        await deps.queue.send('status.poll', { tenantId }, { singletonKey: tenantId });
    }
    await this.#request({ command: 'subscribe-v1' });
    this.subscribed = true;
    deps.logger.info('fortnox websocket subscribed', {
      tenants: this.tenants,
      topic: TOPIC,
      resumedFrom: offset ?? 'now',
    });
  }

  /** Sends a command and waits for its answer; an error answer throws unless `tolerate`. */
  #request(command: Record<string, unknown> & { command: string }, tolerate = false): Promise<z.output<typeof Answer>> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({
        command: command.command,
        resolve: (a) =>
          a.result === 'ok' || tolerate ? resolve(a) : reject(new Error(`${command.command}: ${JSON.stringify(a)}`)),
      });
      this.#socket?.send(JSON.stringify(command), (error) => error && reject(error));
    });
  }

  #message(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.#o.deps.logger.warn('fortnox websocket sent something that is not JSON', { length: text.length });
      return;
    }
    const answer = Answer.safeParse(json);
    if (answer.success) {
      const at = this.#waiting.findIndex((w) => w.command === answer.data.response);
      if (at >= 0) this.#waiting.splice(at, 1)[0]!.resolve(answer.data);
      return;
    }
    const event = EventSchema.safeParse(json);
    if (!event.success)
      return void this.#o.deps.logger.warn('fortnox websocket message not understood', {
        issues: event.error.issues.length,
      });
    // A stock nudge already waiting in the chain for this tenant covers this change too: its job is
    // queued after this event arrived, so it reads Fortnox after the change (2,500 events, one send).
    if (isStock(event.data.topic)) {
      if (this.#stockWaiting.has(event.data.tenantId)) return;
      this.#stockWaiting.add(event.data.tenantId);
    }
    this.#chain = this.#chain
      .then(() => this.#handle(event.data))
      .catch((error: unknown) => {
        this.#o.deps.logger.error('fortnox websocket event not stored; reconnecting to replay it', {
          error,
          offset: event.data.offset,
        });
        void this.close('event handling failed');
      });
  }

  async #handle(e: TopicEvent): Promise<void> {
    if (this.#closing !== undefined) return; // after a failure nothing later may be stored before it
    const { deps } = this.#o;
    if (isStock(e.topic)) {
      this.#stockWaiting.delete(e.tenantId);
      if (/^\d{1,12}$/.test(e.tenantId))
        await deps.queue.send('stock.sync', { tenantId: e.tenantId }, { singletonKey: e.tenantId });
      this.#o.onEvent(e);
      return;
    }
    const job = jobFor(e);
    await withTransaction(deps.pool, async (client) => {
      const db = { executeSql: async (text: string, values?: unknown[]) => client.query(text, values) };
      if (job !== undefined) {
        await deps.queue.send('status.invoice', job, {
          id: jobIdFor(`fortnox-ws:${e.topic}:${e.offset}`),
          singletonKey: `${job.tenantId}:${e.entityId}`,
          db,
        });
      }
      await saveCheckpoint(client, 'fortnox-ws', e.tenantId, e.offset);
    });
    this.#o.onEvent(e);
  }

  /** Closes the socket; resolves once the event being stored (if any) is committed. */
  close(reason: string): Promise<void> {
    this.#closing ??= (async () => {
      this.subscribed = false;
      this.#socket?.removeAllListeners('close');
      this.#socket?.on('error', () => undefined);
      this.#socket?.terminate();
      await this.#chain;
      this.#o.onClose(reason);
    })();
    return this.#closing;
  }
}
