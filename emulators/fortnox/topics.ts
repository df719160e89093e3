import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EmulatorState } from './state.ts';
import { TOPICS, type TopicEvent, TopicLog } from './topics-log.ts';

/**
 * `wss://ws.fortnox.se/topics-v1` on the emulator's own port (reference §7). One connection carries
 * many tenants: `add-tenants-v1` (client secret + access tokens), `add-topics-v1` (optionally with
 * an offset to replay from), `subscribe-v1`, then events stream. Also `remove-tenants-v1` and
 * `list-tenants-v1`. Every command is answered `{"response":<command>,"result":"ok"|"error",…}`.
 * [unverified] error texts, and that an expired offset is refused rather than silently skipped.
 */

export const TOPICS_PATH = '/topics-v1';

interface Session {
  socket: WebSocket;
  tenants: Set<number>;
  topics: Map<string, string | undefined>;
  live: ((e: TopicEvent) => void) | undefined;
}

type Command = Record<string, unknown>;

export interface TopicsServer {
  log: TopicLog;
  /** Open connections (tests). */
  connections(): number;
  /** Kills every connection, as a network drop would (tests of reconnects). */
  dropAll(): void;
  close(): void;
}

export function attachTopics(server: Server, state: EmulatorState): TopicsServer {
  const log = new TopicLog(state.env);
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== TOPICS_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => open(ws));
  });

  function open(socket: WebSocket): void {
    const session: Session = { socket, tenants: new Set(), topics: new Map(), live: undefined };
    socket.on('message', (data) => {
      let command: Command;
      try {
        command = JSON.parse(data.toString()) as Command;
      } catch {
        socket.send(JSON.stringify({ response: 'unknown', result: 'error', error: 'invalid JSON' }));
        return;
      }
      socket.send(JSON.stringify(handle(session, command)));
      if (command.command === 'subscribe-v1' && session.live === undefined) subscribe(session);
    });
    socket.on('close', () => {
      if (session.live) log.appended.off('append', session.live);
    });
  }

  function handle(session: Session, c: Command): Command {
    const response = typeof c.command === 'string' ? c.command : 'unknown';
    const error = (message: string): Command => ({ response, result: 'error', error: message });
    switch (c.command) {
      case 'add-tenants-v1': {
        const secret = typeof c.clientSecret === 'string' ? c.clientSecret : undefined;
        if (secret === undefined || !state.env.opts.apps.some((a) => a.clientSecret === secret))
          return error('invalid clientSecret');
        const tokens = Array.isArray(c.accessTokens)
          ? c.accessTokens.filter((t): t is string => typeof t === 'string')
          : [];
        const tenantIds: Record<string, number> = {};
        const invalidTokens: string[] = [];
        for (const token of tokens) {
          const claims = state.oauth.verifyAccess(token.replace(/^Bearer\s+/i, ''));
          // A token counts only for the integration whose secret was given.
          if (!claims || !state.oauth.app(claims.clientId, secret)) invalidTokens.push(token);
          else {
            tenantIds[token] = claims.tenantId;
            session.tenants.add(claims.tenantId);
          }
        }
        return { response, result: 'ok', tenantIds, invalidTokens };
      }
      case 'remove-tenants-v1':
        for (const t of Array.isArray(c.tenants) ? c.tenants : []) session.tenants.delete(Number(t));
        return { response, result: 'ok' };
      case 'list-tenants-v1':
        return { response, result: 'ok', tenantIds: [...session.tenants] };
      case 'add-topics-v1': {
        const wanted = Array.isArray(c.topics) ? (c.topics as Command[]) : [];
        const invalidTopics: string[] = [];
        for (const t of wanted) {
          const name = String(t.topic);
          const offset = typeof t.offset === 'string' ? t.offset : undefined;
          if (!(TOPICS as readonly string[]).includes(name)) invalidTopics.push(name);
          else if (offset !== undefined && typeof log.from(name, offset) === 'string')
            return error(`offset ${offset} of topic ${name} is ${String(log.from(name, offset))}`);
          else session.topics.set(name, offset);
        }
        return { response, result: 'ok', invalidTopics };
      }
      case 'subscribe-v1':
        if (session.tenants.size === 0) return error('no tenants added');
        if (session.topics.size === 0) return error('no topics added');
        return { response, result: 'ok' };
      default:
        return error(`unknown command ${response}`);
    }
  }

  /** Replays from each topic's offset, then goes live — in one tick, so nothing falls in between. */
  function subscribe(session: Session): void {
    const send = (e: TopicEvent): void => {
      if (session.tenants.has(e.tenantId) && session.topics.has(e.topic)) session.socket.send(JSON.stringify(e));
    };
    for (const [topic, offset] of session.topics) {
      if (offset === undefined) continue;
      const replay = log.from(topic, offset);
      if (Array.isArray(replay)) replay.forEach(send);
    }
    session.live = send;
    log.appended.on('append', send);
  }

  return {
    log,
    connections: () => wss.clients.size,
    dropAll: () => {
      for (const c of wss.clients) c.terminate();
    },
    close: () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
