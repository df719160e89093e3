import type { ActionHandler, Actor, Repo, ResourceMessage, Versioned } from './repo.ts';
import type { ProjectState } from './state.ts';

/**
 * What the HTTP layer needs to know about one resource type to serve its standard endpoints
 * (query, get by id / key / order-number, create, update, delete, HEAD, and the in-store variants).
 * Each resource module exports one; `api-router.ts` does the rest the same way for all.
 */

export interface RequestCtx {
  project: ProjectState;
  actor: Actor;
  /** Set on `/{projectKey}/in-store/key={storeKey}/…` routes. */
  storeKey?: string;
  now: string;
  params: URLSearchParams;
}

export interface Created<T> {
  resource: T;
  messages: ResourceMessage[];
  /** What the endpoint answers, when it is not the bare resource (Customer: `{customer}`). */
  answer?: unknown;
}

export interface ResourceKind<T extends Versioned> {
  /** Path segment under the project: `orders`, `business-units`. */
  path: string;
  repo(p: ProjectState): Repo<T>;
  /** Scope names [resources/*.raml securedBy]; any one of them suffices; manage implies view. */
  view: readonly string[];
  manage: readonly string[];
  /** Served under `/in-store/key={storeKey}/` too (with `{project}:{store}` scopes accepted). */
  inStore?: boolean;
  /** Identifier segments besides the id: `key=`, `order-number=`. */
  identifiers?: ReadonlyArray<'key' | 'order-number'>;
  create?(ctx: RequestCtx, body: unknown): Created<T>;
  actions?: ActionHandler<T>;
  /** Whether a store-scoped request may see this resource (in-store routes answer 404 otherwise). */
  inStoreVisible?(resource: T, storeKey: string): boolean;
  /** The JSON the API shows (masking, internal fields removed). */
  present?(resource: T): unknown;
  /** Messages a delete produces (`OrderDeleted`, `CustomerDeleted`). */
  deleted?(resource: T): ResourceMessage[];
  /** Runs after a committed update (e.g. a cart recomputes its prices). */
  afterUpdate?(ctx: RequestCtx, resource: T): T;
}

export const storeOf = (r: unknown): string | undefined => {
  const store = (r as { store?: { key?: unknown } }).store;
  return typeof store?.key === 'string' ? store.key : undefined;
};
