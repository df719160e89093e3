// CometD/Bayeux long-polling server in Salesforce's dialect. faye's own server (NodeAdapter)
// cannot produce Salesforce's handshake ext, replay-on-subscribe and error strings, so the
// protocol is implemented here directly; it is small.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { JsonRecord } from '../data/format.ts';
import type { Org } from '../org.ts';
import { bearerToken } from '../rest/request-context.ts';
import type { BayeuxMessage } from './bayeux-protocol.ts';
import { BayeuxBatch, errors, failure, reply } from './bayeux-protocol.ts';
import { subscribe } from './subscriptions.ts';

export type StreamingOptions = {
  /** How long /meta/connect is held, also sent as advice.timeout (Salesforce: 110,000). */
  longPollTimeoutMs: number;
  /** A client that has not reconnected within this window is forgotten (Salesforce: 40 s). */
  clientTimeoutMs: number;
};

type Held = { res: Response; replies: JsonRecord[]; connect: BayeuxMessage; timer: NodeJS.Timeout };
export type BayeuxClient = {
  readonly id: string;
  readonly subscriptions: Set<string>;
  queue: JsonRecord[];
  held?: Held | undefined;
  lastSeen: number;
  connects: number;
};

export class BayeuxServer {
  readonly #org: Org;
  readonly options: StreamingOptions;
  readonly clients = new Map<string, BayeuxClient>();
  handshakes = 0;

  constructor(org: Org, options: StreamingOptions) {
    this.#org = org;
    this.options = options;
    org.events.onPublish((channel, event) => {
      for (const client of this.clients.values()) {
        if (!client.subscriptions.has(channel)) continue;
        client.queue.push({ channel, data: event.data });
        this.#wake(client);
      }
    });
  }

  handle(req: Request, res: Response): void {
    const parsed = BayeuxBatch.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json([{ successful: false, error: '400::Invalid message' }]);
      return;
    }
    const token = bearerToken(req.header('authorization'));
    const replies: JsonRecord[] = [];
    let connect: { msg: BayeuxMessage; client: BayeuxClient } | undefined;
    for (const msg of parsed.data) {
      if (!token) {
        replies.push(failure(msg, errors.noAuth));
        continue;
      }
      if (msg.channel === '/meta/handshake') {
        replies.push(this.#handshake(msg, token));
        continue;
      }
      const client = msg.clientId ? this.#client(msg.clientId) : undefined;
      if (!client) {
        replies.push(failure(msg, errors.unknownClient, { advice: { reconnect: 'handshake', interval: 0 } }));
        continue;
      }
      client.lastSeen = Date.now();
      if (!this.#org.sessions.use(token)) {
        // Real captures precede the failed connect with a /meta/disconnect message.
        this.#forget(client);
        replies.push(
          { channel: '/meta/disconnect' },
          failure(msg, errors.authInvalid, { advice: { reconnect: 'none', interval: 0 } }),
        );
        continue;
      }
      switch (msg.channel) {
        case '/meta/connect':
          connect = { msg, client };
          break;
        case '/meta/subscribe':
          replies.push(subscribe(this.#org, client, msg));
          break;
        case '/meta/unsubscribe':
          if (msg.subscription) client.subscriptions.delete(msg.subscription);
          replies.push(reply(msg, { subscription: msg.subscription, successful: true }));
          break;
        case '/meta/disconnect':
          this.#forget(client);
          replies.push(reply(msg, { successful: true }));
          break;
        default:
          replies.push(failure(msg, '403::Publish denied'));
      }
    }
    if (!connect) {
      res.json(replies);
      // Events queued by a subscribe go out on the held connect, after this reply is on its way,
      // so faye has registered the subscription before the events arrive.
      res.on('finish', () => {
        for (const client of this.clients.values()) if (client.queue.length) this.#wake(client);
      });
      return;
    }
    this.#connect(connect.client, connect.msg, replies, res);
  }

  #client(id: string): BayeuxClient | undefined {
    const client = this.clients.get(id);
    if (client && !client.held && Date.now() - client.lastSeen > this.options.clientTimeoutMs) {
      this.clients.delete(id);
      return undefined;
    }
    return client;
  }

  #handshake(msg: BayeuxMessage, token: string): JsonRecord {
    if (this.#org.faults.takeHandshakeDenial() || !this.#org.sessions.use(token)) {
      return failure(msg, errors.handshakeDenied, {
        ext: { sfdc: { failureReason: errors.authInvalid } },
        advice: { reconnect: 'none', interval: 0 },
      });
    }
    const id = randomBytes(20).toString('base64url').replace(/[-_]/g, '').slice(0, 26).toLowerCase();
    this.clients.set(id, { id, subscriptions: new Set(), queue: [], lastSeen: Date.now(), connects: 0 });
    this.handshakes++;
    return reply(msg, {
      ext: { replay: true, 'payload.format': true },
      minimumVersion: '1.0',
      clientId: id,
      supportedConnectionTypes: ['long-polling'],
      version: '1.0',
      successful: true,
    });
  }

  #connect(client: BayeuxClient, msg: BayeuxMessage, replies: JsonRecord[], res: Response): void {
    if (client.held) this.#flush(client);
    const first = client.connects++ === 0;
    const timer = setTimeout(
      () => this.#flush(client),
      first || msg.advice?.timeout === 0 ? 0 : this.options.longPollTimeoutMs,
    );
    client.held = { res, replies, connect: msg, timer };
    res.on('close', () => {
      if (client.held?.res === res) {
        clearTimeout(client.held.timer);
        client.held = undefined;
        client.lastSeen = Date.now();
      }
    });
    if (client.queue.length) this.#wake(client);
  }

  #wake(client: BayeuxClient): void {
    if (client.held) setImmediate(() => this.#flush(client));
  }

  /** Answers the held connect with whatever is queued. */
  #flush(client: BayeuxClient, error?: string): void {
    const held = client.held;
    if (!held) return;
    client.held = undefined;
    clearTimeout(held.timer);
    client.lastSeen = Date.now();
    const events = error ? [] : client.queue.splice(0);
    const advice = { reconnect: 'retry', interval: 0, timeout: this.options.longPollTimeoutMs };
    const connectReply = error
      ? failure(held.connect, error, { advice: { reconnect: 'handshake', interval: 0 } })
      : reply(held.connect, { successful: true, ...(client.connects === 1 ? { advice } : {}) });
    if (!held.res.writableEnded) held.res.json([...held.replies, ...events, connectReply]);
  }

  #forget(client: BayeuxClient): void {
    this.clients.delete(client.id);
    if (client.held) this.#flush(client);
  }

  /** Ends every held long poll normally so clients reconnect and re-check session/retention. */
  kickAll(): void {
    for (const client of this.clients.values()) this.#flush(client);
  }

  /** Fault: forget all clients; held polls get 403::Unknown client, or their sockets are cut. */
  dropClients(mode: 'unknown-client' | 'kill-sockets' = 'unknown-client'): number {
    const count = this.clients.size;
    for (const client of [...this.clients.values()]) {
      if (mode === 'kill-sockets') {
        client.held?.res.socket?.destroy();
        continue;
      }
      this.clients.delete(client.id);
      this.#flush(client, errors.unknownClient);
    }
    return count;
  }

  close(): void {
    for (const client of this.clients.values()) this.#flush(client);
    this.clients.clear();
  }
}
