import type { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/lib/api/streaming.js';
import type { Logger } from '../../core/logger.ts';

/**
 * One faye (CometD) client for one channel. jsforce's Replay extension writes the *whole* replay
 * map on every subscribe, so two of them on one client send each other's channel (reference §0.5):
 * one client per channel. faye itself re-handshakes and re-subscribes after `403::Unknown client`
 * (the Replay extension then sends the last replay id it saw); what it cannot do is re-authenticate
 * (`401::Authentication invalid` comes with `reconnect:none` and the client is dead) or recover from
 * an expired replay id — those are reported to the listener, which builds a new client.
 */

export interface ChannelHandlers {
  /** Each delivered event's `data`, synchronously and in order. */
  onData(data: unknown): void;
  onSubscribed(replayFrom: number): void;
  /** `400::The replayId {…} you provided was invalid …` (or the replay map error). */
  onReplayInvalid(error: string): void;
  /** Any other refused subscribe, e.g. the CDC entity is not selected in Setup. */
  onSubscribeFailed(error: string): void;
  onAuthFailure(reason: string): void;
}

// The parts of faye's Client we use; jsforce's bundled typings declare only a few of them.
interface FayeClient {
  subscribe(channel: string, listener: (data: unknown) => void): PromiseLike<void>;
  disconnect(): unknown;
  on(event: 'transport:down' | 'transport:up', listener: () => void): void;
  _state: number;
  _advice: { reconnect?: string };
  _dispatcher: {
    close(): void;
    _envelopes?: Map<
      string,
      { timer?: NodeJS.Timeout | null; request?: PromiseLike<{ abort?: () => void } | undefined> | null }
    >;
  };
}
interface BayeuxReply {
  channel?: string;
  subscription?: string;
  successful?: boolean;
  error?: string;
  ext?: { sfdc?: { failureReason?: string } };
}

const FAYE_CONNECTED = 3;
const FAYE_DISCONNECTED = 4;
const INVALID_REPLAY = /replayId.*(you provided was invalid|wasn't found using the provided replay ID map)/;

export interface ChannelClient {
  readonly channel: string;
  close(): void;
}

export function openChannel(
  conn: Connection,
  channel: string,
  replayFrom: number,
  logger: Logger,
  handlers: ChannelHandlers,
): ChannelClient {
  let closed = false;
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (!closed) fn(...args);
    };
  const log = logger.child({ channel });

  // Sees the server's replies before the other extensions (AuthFailure swallows reconnect:none ones).
  const watcher = {
    incoming: (message: BayeuxReply, callback: (m: BayeuxReply) => void) => {
      if (!closed && message.channel === '/meta/subscribe' && message.subscription === channel) {
        if (message.successful === true) handlers.onSubscribed(replay._replay ?? replayFrom);
        else if (message.successful === false) {
          const error = String(message.error ?? 'subscribe failed');
          if (INVALID_REPLAY.test(error)) handlers.onReplayInvalid(error);
          else handlers.onSubscribeFailed(error);
        }
      } else if (
        !closed &&
        message.successful === false &&
        (message.channel === '/meta/connect' || message.channel === '/meta/handshake')
      ) {
        log.warn('salesforce streaming refused', {
          bayeuxChannel: message.channel,
          error: message.error,
          failureReason: message.ext?.sfdc?.failureReason,
        });
      }
      callback(message);
    },
  };
  const replay = new StreamingExtension.Replay(channel, replayFrom);
  const authFailure = new StreamingExtension.AuthFailure(
    guard((message: BayeuxReply) => {
      handlers.onAuthFailure(message.ext?.sfdc?.failureReason ?? message.error ?? 'authentication invalid');
    }),
  );
  const client = conn.streaming.createClient([watcher, replay, authFailure]) as unknown as FayeClient;
  client.on(
    'transport:down',
    guard(() => log.warn('salesforce streaming transport down')),
  );
  client.on(
    'transport:up',
    guard(() => log.info('salesforce streaming transport up')),
  );
  client.subscribe(
    channel,
    guard((data: unknown) => handlers.onData(data)),
  );
  log.info('salesforce streaming subscribing', { replayFrom });

  return {
    channel,
    close: () => {
      if (closed) return;
      closed = true;
      // disconnect() only speaks when connected; a client still handshaking would retry forever,
      // so it is also told "reconnect: none" (faye's own stop signal) and its requests are dropped.
      if (client._state === FAYE_CONNECTED) client.disconnect();
      client._advice.reconnect = 'none';
      client._state = FAYE_DISCONNECTED;
      setTimeout(() => abortPending(client), 500).unref();
    },
  };
}

function abortPending(client: FayeClient): void {
  for (const envelope of client._dispatcher._envelopes?.values() ?? []) {
    if (envelope.timer) clearTimeout(envelope.timer);
    envelope.timer = null;
    void Promise.resolve(envelope.request).then(
      (request) => request?.abort?.(),
      () => undefined,
    );
  }
  client._dispatcher.close();
}
