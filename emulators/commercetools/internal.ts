import type { Message } from './messages.ts';
import { type Actor, applyActions, type Versioned } from './repo.ts';
import type { RequestCtx, ResourceKind } from './resource-kind.ts';
import type { ProjectState } from './state.ts';

/**
 * Changes made from inside the emulator (the shop page, `/__control`, the in-process handle) go
 * through the same create/update code as API requests, so they obey the same rules and produce the
 * same messages and versions; only the actor differs (a storefront, a PSP connector, the Merchant
 * Center), which is what lets a client tell its own writes from everybody else's.
 */

export const STOREFRONT: Actor = { clientId: 'demo-storefront', isPlatformClient: false };
export const PSP_CONNECTOR: Actor = { clientId: 'demo-psp-connector', isPlatformClient: false };

export interface Internal {
  project: ProjectState;
  kinds: ReadonlyMap<string, ResourceKind<Versioned>>;
}

export function kindOf(env: Internal, path: string): ResourceKind<Versioned> {
  const k = env.kinds.get(path);
  if (!k) throw new Error(`no resource kind ${path}`);
  return k;
}

const ctxOf = (env: Internal, actor: Actor, storeKey?: string): RequestCtx => ({
  project: env.project,
  actor,
  now: env.project.now(),
  params: new URLSearchParams(),
  ...(storeKey === undefined ? {} : { storeKey }),
});

export function createVia<T extends Versioned>(
  env: Internal,
  path: string,
  body: unknown,
  actor: Actor,
  storeKey?: string,
): T {
  const kind = kindOf(env, path);
  const created = kind.create?.(ctxOf(env, actor, storeKey), body);
  if (!created) throw new Error(`${path} cannot be created`);
  const repo = kind.repo(env.project);
  repo.insert(created.resource);
  env.project.commit(repo, created.resource, created.messages, actor);
  return created.resource as T;
}

/** Applies update actions at the resource's current version (the page never works on stale data). */
export function updateVia<T extends Versioned>(
  env: Internal,
  path: string,
  id: string,
  actions: Array<{ action: string } & Record<string, unknown>>,
  actor: Actor,
): { resource: T; messages: Message[] } {
  const kind = kindOf(env, path);
  const repo = kind.repo(env.project);
  const current = repo.mustGet(id);
  if (!kind.actions) throw new Error(`${path} has no update actions`);
  const ctx = ctxOf(env, actor);
  const result = applyActions(current, { version: current.version, actions }, kind.actions, { now: ctx.now, actor });
  const next = kind.afterUpdate && actions.length > 0 ? kind.afterUpdate(ctx, result.next) : result.next;
  const messages = env.project.commit(repo, next, result.messages, actor);
  return { resource: next as T, messages };
}
