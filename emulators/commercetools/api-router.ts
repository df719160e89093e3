import type { Request, Response } from 'express';
import { bearer, queryOf, readJson, sendJson } from '../kit/index.ts';
import { CtError, invalidInput, invalidJson, notFound } from './errors.ts';
import { expand } from './expand.ts';
import { type Grant, requireScope } from './oauth.ts';
import { parseQuery, runQuery } from './query.ts';
import { applyActions, parseBody, UpdateBody, type Versioned } from './repo.ts';
import type { RequestCtx, ResourceKind } from './resource-kind.ts';
import { specialRoute } from './special-routes.ts';
import { clientActor, type ProjectState } from './state.ts';

/**
 * The HTTP API under `/{projectKey}/…` and `/{projectKey}/in-store/key={storeKey}/…` [CT api.raml,
 * resources/in-store/]: bearer token → scope check → the resource's standard endpoint. In-store
 * routes accept `{project}:{store}` scopes and answer 404 for another store's resources. Errors are
 * always the `{statusCode, message, errors}` envelope.
 */

export interface ApiEnv {
  project: ProjectState;
  verify(token: string | undefined): Grant;
  kinds: ReadonlyMap<string, ResourceKind<Versioned>>;
}

export interface Answer {
  status: number;
  body?: unknown;
}

export interface Routed {
  env: ApiEnv;
  ctx: RequestCtx;
  grant: Grant;
  method: string;
  rest: string[];
  body: unknown;
}

export function present(env: ApiEnv, typeId: string, resource: unknown): unknown {
  const kind = [...env.kinds.values()].find((k) => k.repo(env.project).typeId === typeId);
  return kind?.present ? kind.present(resource as Versioned) : resource;
}

function find(r: Routed, kind: ResourceKind<Versioned>, ident: string): Versioned {
  const repo = kind.repo(r.env.project);
  const [name, value] = ident.includes('=')
    ? [ident.slice(0, ident.indexOf('=')), ident.slice(ident.indexOf('=') + 1)]
    : ['id', ident];
  let found: Versioned | undefined;
  if (name === 'id') found = repo.get(ident);
  else if (name === 'key' && kind.identifiers?.includes('key')) found = repo.byKey(value);
  else if (name === 'order-number' && kind.identifiers?.includes('order-number')) {
    found = repo.find((x) => (x as { orderNumber?: string }).orderNumber === value);
  } else throw notFound(ident);
  const storeKey = r.ctx.storeKey;
  if (!found || (storeKey !== undefined && kind.inStoreVisible && !kind.inStoreVisible(found, storeKey)))
    throw notFound(value);
  return found;
}

function show(r: Routed, kind: ResourceKind<Versioned>, resource: Versioned): unknown {
  const typeId = kind.repo(r.env.project).typeId;
  return expand(r.env.project, present(r.env, typeId, resource), r.ctx.params.getAll('expand'), (t, x) =>
    present(r.env, t, x),
  );
}

function standard(r: Routed, kind: ResourceKind<Versioned>): Answer {
  const { project } = r.env;
  const repo = kind.repo(project);
  const [ident, ...extra] = r.rest.slice(1);
  const store = r.ctx.storeKey;
  if (extra.length > 0 || (store !== undefined && !kind.inStore)) throw notFound(r.rest.join('/'));
  const need = r.method === 'GET' || r.method === 'HEAD' ? kind.view : kind.manage;
  requireScope(r.grant, project.key, need, store);
  if (ident === undefined) {
    if (r.method === 'POST') {
      if (!kind.create) throw notFound(r.rest.join('/'));
      const created = kind.create(r.ctx, r.body);
      repo.insert(created.resource);
      project.commit(repo, created.resource, created.messages, r.ctx.actor);
      return { status: 201, body: created.answer ?? show(r, kind, created.resource) };
    }
    const visible =
      store === undefined || !kind.inStoreVisible
        ? repo.all()
        : repo.all().filter((x) => kind.inStoreVisible?.(x, store));
    const q = parseQuery(r.ctx.params, project.options.limits);
    const page = runQuery(visible, q, project.options.limits);
    if (r.method === 'HEAD') return { status: page.count > 0 ? 200 : 404 };
    return { status: 200, body: { ...page, results: page.results.map((x) => show(r, kind, x)) } };
  }
  const current = find(r, kind, ident);
  if (r.method === 'GET' || r.method === 'HEAD') return { status: 200, body: show(r, kind, current) };
  if (r.method === 'DELETE') {
    const raw = r.ctx.params.get('version');
    const version = Number(raw);
    if (raw === null || !Number.isInteger(version)) throw invalidInput('Missing required parameter: version.');
    const next = applyActions(current, { version, actions: [] }, (x) => x, { now: r.ctx.now, actor: r.ctx.actor });
    repo.delete(next.next.id);
    project.messages.publish(
      { typeId: repo.typeId, id: current.id, version: current.version + 1, identifiers: {} },
      kind.deleted?.(current) ?? [],
      r.ctx.actor,
    );
    return { status: 200, body: show(r, kind, current) };
  }
  if (!kind.actions) throw notFound(r.rest.join('/'));
  const handler = kind.actions;
  const update = parseBody(UpdateBody, r.body);
  const result = applyActions(current, update, handler, { now: r.ctx.now, actor: r.ctx.actor });
  const next = kind.afterUpdate && update.actions.length > 0 ? kind.afterUpdate(r.ctx, result.next) : result.next;
  project.commit(repo, next, result.messages, r.ctx.actor);
  return { status: 200, body: show(r, kind, next) };
}

async function route(env: ApiEnv, req: Request): Promise<Answer> {
  const url = new URL(req.originalUrl, 'http://emulator');
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const [projectKey, ...after] = segments;
  let rest = after;
  let storeKey: string | undefined;
  if (rest[0] === 'in-store' && rest[1]?.startsWith('key=')) {
    storeKey = rest[1].slice(4);
    rest = rest.slice(2);
  }
  let body: unknown;
  if (req.method === 'POST') {
    const parsed = await readJson(req);
    if (!parsed.ok) throw invalidJson(parsed.error);
    body = parsed.value;
  }
  const grant = env.verify(bearer(req));
  const ctx: RequestCtx = {
    project: env.project,
    actor: clientActor(grant.clientId),
    now: env.project.now(),
    params: queryOf(req.originalUrl),
    ...(storeKey === undefined ? {} : { storeKey }),
  };
  const routed: Routed = { env, ctx, grant, method: req.method, rest, body };
  if (projectKey !== env.project.key) {
    requireScope(grant, projectKey ?? '', ['view_project_settings']);
    throw notFound(projectKey ?? '');
  }
  const special = specialRoute(routed);
  if (special) return special;
  const kind = rest[0] === undefined ? undefined : env.kinds.get(rest[0]);
  if (!kind) throw notFound(rest.join('/'));
  return standard(routed, kind);
}

export function apiHandler(env: ApiEnv) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const answer = await route(env, req);
      if (req.method === 'HEAD') {
        res.status(answer.status).end();
        return;
      }
      sendJson(res, answer.status, answer.body);
    } catch (e) {
      if (e instanceof CtError) {
        if (req.method === 'HEAD') res.status(e.status).end();
        else sendJson(res, e.status, e.body());
        return;
      }
      const message = e instanceof Error ? e.message : String(e);
      sendJson(res, 500, { statusCode: 500, message, errors: [{ code: 'General', message }] });
    }
  };
}
