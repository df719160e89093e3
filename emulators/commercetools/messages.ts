import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Clock } from '../kit/index.ts';
import type { Actor, ResourceMessage } from './repo.ts';

/**
 * Messages [CT types/message/Message.raml; https://docs.commercetools.com/api/projects/messages]:
 * every change produces typed messages with `version: 1`, a `sequenceNumber` that counts per resource
 * (the next message of a resource has the current number + 1), the resource's version after the
 * change and its user-provided identifiers. The Messages Query API only returns them when
 * `messagesConfiguration.enabled`; they are deleted `deleteDaysAfterCreation` days (1–90, default 15)
 * after creation, measured on the emulator clock. Subscriptions get every message either way
 * [MessageSubscription.raml: "delivered even if the Messages Query HTTP API is not enabled"].
 */

export interface Message {
  id: string;
  version: 1;
  sequenceNumber: number;
  resource: { typeId: string; id: string };
  resourceVersion: number;
  resourceUserProvidedIdentifiers: Record<string, unknown>;
  type: string;
  createdAt: string;
  lastModifiedAt: string;
  createdBy: Actor;
  lastModifiedBy: Actor;
  [field: string]: unknown;
}

export interface MessagesConfiguration {
  enabled: boolean;
  deleteDaysAfterCreation: number;
}

export interface MessageSource {
  typeId: string;
  id: string;
  version: number;
  identifiers: Record<string, unknown>;
}

const DAY_MS = 86_400_000;

export class MessageLog extends EventEmitter<{ message: [Message] }> {
  readonly #clock: Clock;
  readonly #sequence = new Map<string, number>();
  #stored: Message[] = [];
  #suppress = 0;
  config: MessagesConfiguration;
  /** [unverified] whether messages created while querying is disabled appear once it is enabled. */
  keepWhileDisabled: boolean;

  constructor(clock: Clock, config: MessagesConfiguration, keepWhileDisabled: boolean) {
    super();
    this.#clock = clock;
    this.config = { ...config };
    this.keepWhileDisabled = keepWhileDisabled;
  }

  publish(source: MessageSource, payloads: readonly ResourceMessage[], actor: Actor): Message[] {
    const out: Message[] = [];
    for (const payload of payloads) {
      if (this.#suppress > 0) {
        this.#suppress--; // "never emitted": no message and no sequence number used
        continue;
      }
      const key = `${source.typeId}/${source.id}`;
      const sequenceNumber = (this.#sequence.get(key) ?? 0) + 1;
      this.#sequence.set(key, sequenceNumber);
      const now = this.#clock.date().toISOString();
      const { type, ...fields } = payload;
      const message: Message = {
        id: randomUUID(),
        version: 1,
        sequenceNumber,
        resource: { typeId: source.typeId, id: source.id },
        resourceVersion: source.version,
        resourceUserProvidedIdentifiers: source.identifiers,
        type,
        ...fields,
        createdAt: now,
        lastModifiedAt: now,
        createdBy: actor,
        lastModifiedBy: actor,
      };
      if (this.config.enabled || this.keepWhileDisabled) this.#stored.push(message);
      out.push(message);
      this.emit('message', message);
    }
    return out;
  }

  /** Messages the Messages Query API can still see (expired ones are gone for good). */
  visible(): Message[] {
    this.purge();
    return this.#stored;
  }

  get(id: string): Message | undefined {
    return this.visible().find((m) => m.id === id);
  }

  purge(): number {
    const cutoff = this.#clock.now() - this.config.deleteDaysAfterCreation * DAY_MS;
    const before = this.#stored.length;
    this.#stored = this.#stored.filter((m) => Date.parse(m.createdAt) > cutoff);
    return before - this.#stored.length;
  }

  /** Lever: the next `count` messages are never created (a change the feed will not report). */
  suppressNext(count: number): void {
    this.#suppress += count;
  }

  /** Lever: delete stored messages (a gap in a resource's sequence numbers, or early expiry). */
  drop(test: (m: Message) => boolean): number {
    const before = this.#stored.length;
    this.#stored = this.#stored.filter((m) => !test(m));
    return before - this.#stored.length;
  }

  /** Every message ever published, queryable or not (for assertions and the demo page). */
  count(): number {
    return this.#stored.length;
  }

  waitFor(test: (m: Message) => boolean): Promise<Message> {
    return new Promise((resolve) => {
      const on = (m: Message): void => {
        if (!test(m)) return;
        this.off('message', on);
        resolve(m);
      };
      this.on('message', on);
    });
  }
}
