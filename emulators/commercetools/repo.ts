import { randomUUID } from 'node:crypto';
import type { CreatedBy, LastModifiedBy } from '@commercetools/platform-sdk';
import { z } from 'zod';
import { concurrentModification, duplicateField, invalidJson, notFound } from './errors.ts';

/**
 * One collection of versioned resources. Every resource has `id`, `version` (1 on create, +1 per
 * successful update request), `createdAt`/`lastModifiedAt` from the emulator clock and
 * `createdBy`/`lastModifiedBy` naming the API client (or the Merchant Center user, for changes made
 * on the emulator's page) [CT traits/versioned.raml; types/common/{CreatedBy,LastModifiedBy}.raml].
 * Updates apply all actions to a copy and commit only if every action succeeded, as the API does.
 */

export interface Versioned {
  id: string;
  version: number;
  createdAt: string;
  lastModifiedAt: string;
  key?: string;
}

/** Who made a change; `isPlatformClient` and `user` appear in real answers though the SDK types omit them. */
export interface Actor extends CreatedBy, LastModifiedBy {
  isPlatformClient: boolean;
  user?: { typeId: 'user'; id: string };
}

export interface ResourceMessage {
  type: string;
  [field: string]: unknown;
}

export interface UpdateContext {
  now: string;
  actor: Actor;
  emit(message: ResourceMessage): void;
}

export const UpdateBody = z.object({
  version: z.number().int().positive(),
  actions: z.array(z.object({ action: z.string() }).loose()).max(500),
});
export type UpdateBody = z.infer<typeof UpdateBody>;

/** Parses external input with zod, answering a failure the way the API does (InvalidJsonInput). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what = 'request body'): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(' -> ') ?? '';
  throw invalidJson(`${what}${path ? ` -> ${path}` : ''}: ${issue?.message ?? 'invalid'}`);
}

export class Repo<T extends Versioned> {
  readonly typeId: string;
  readonly #items = new Map<string, T>();

  constructor(typeId: string) {
    this.typeId = typeId;
  }

  newId(): string {
    return randomUUID();
  }

  all(): T[] {
    return [...this.#items.values()];
  }

  size(): number {
    return this.#items.size;
  }

  get(id: string): T | undefined {
    return this.#items.get(id);
  }

  byKey(key: string): T | undefined {
    for (const item of this.#items.values()) if (item.key === key) return item;
    return undefined;
  }

  find(test: (item: T) => boolean): T | undefined {
    for (const item of this.#items.values()) if (test(item)) return item;
    return undefined;
  }

  mustGet(id: string): T {
    const item = this.#items.get(id);
    if (!item) throw notFound(id);
    return item;
  }

  insert(item: T): T {
    if (item.key !== undefined && this.byKey(item.key)) throw duplicateField('key', item.key);
    this.#items.set(item.id, item);
    return item;
  }

  /** Writes a committed new state (version checks happen in `update`). */
  replace(item: T): T {
    this.#items.set(item.id, item);
    return item;
  }

  delete(id: string): boolean {
    return this.#items.delete(id);
  }

  clear(): void {
    this.#items.clear();
  }
}

export function baseFields(
  now: string,
  actor: Actor,
): { createdAt: string; lastModifiedAt: string } & {
  createdBy: Actor;
  lastModifiedBy: Actor;
} {
  return { createdAt: now, lastModifiedAt: now, createdBy: actor, lastModifiedBy: actor };
}

export type ActionHandler<T> = (
  current: T,
  action: { action: string } & Record<string, unknown>,
  ctx: UpdateContext,
) => T;

/**
 * Applies update actions with optimistic concurrency: a stale `version` is a 409 carrying
 * `currentVersion` [CT types/error/ConcurrentModificationError.raml] (the SDK's concurrent-modification
 * middleware retries with it). Returns the committed resource and the messages its actions produced.
 */
export function applyActions<T extends Versioned>(
  current: T,
  body: UpdateBody,
  handler: ActionHandler<T>,
  ctx: Omit<UpdateContext, 'emit'>,
): { next: T; messages: ResourceMessage[] } {
  if (body.version !== current.version) throw concurrentModification(current.id, body.version, current.version);
  const messages: ResourceMessage[] = [];
  let next = current;
  for (const action of body.actions) {
    next = handler(next, action, { ...ctx, emit: (m) => messages.push(m) });
  }
  if (body.actions.length === 0) return { next: current, messages };
  next = { ...next, version: current.version + 1, lastModifiedAt: ctx.now, lastModifiedBy: ctx.actor };
  return { next, messages };
}

/** An action the emulator (or the API) does not know is not valid JSON for the update type. */
export const unknownAction = (typeId: string, action: string) =>
  invalidJson(`actions -> action: unknown or unsupported ${typeId} update action '${action}'`);
