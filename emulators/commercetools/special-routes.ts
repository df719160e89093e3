import type { Project } from '@commercetools/platform-sdk';
import { z } from 'zod';
import type { Answer, Routed } from './api-router.ts';
import { CtError, invalidInput, notFound } from './errors.ts';
import { requireScope } from './oauth.ts';
import { createImported } from './orders.ts';
import { projection } from './products.ts';
import { parseQuery, runQuery } from './query.ts';
import { applyActions, parseBody, UpdateBody, unknownAction } from './repo.ts';

/**
 * The endpoints that are not plain resources: the Project itself (`GET|POST /{projectKey}`, where
 * `changeMessagesConfiguration` turns the Messages Query API on or off [CT examples/Project/updates/
 * ProjectChangeMessagesConfigurationAction.json]), `/messages`, `/product-projections` and
 * `/orders/import`.
 */

const MessagesConfigurationDraft = z.object({
  enabled: z.boolean(),
  deleteDaysAfterCreation: z.number().int(),
});

function projectRoute(r: Routed): Answer {
  const p = r.env.project;
  if (r.method === 'GET' || r.method === 'HEAD') {
    requireScope(r.grant, p.key, ['view_project_settings', 'manage_project_settings']);
    return { status: 200, body: { ...p.settings, messages: { ...p.messages.config } } };
  }
  if (r.method !== 'POST') throw notFound(p.key);
  requireScope(r.grant, p.key, ['manage_project_settings']);
  const update = parseBody(UpdateBody, r.body);
  const settings = { ...p.settings, messages: { ...p.messages.config } };
  const { next } = applyActions(
    { ...settings, id: p.key, lastModifiedAt: p.now() },
    update,
    (s, action) => {
      const a = action as Record<string, unknown>;
      switch (action.action) {
        case 'changeMessagesConfiguration': {
          const m = parseBody(MessagesConfigurationDraft, a.messagesConfiguration, 'messagesConfiguration');
          if (m.deleteDaysAfterCreation < 1 || m.deleteDaysAfterCreation > 90) {
            throw invalidInput('deleteDaysAfterCreation must be between 1 and 90.');
          }
          return { ...s, messages: m };
        }
        case 'changeMessagesEnabled':
          return { ...s, messages: { ...s.messages, enabled: a.messagesEnabled === true } };
        case 'changeName':
          return { ...s, name: String(a.name) };
        case 'changeCountries':
          return { ...s, countries: parseBody(z.array(z.string()), a.countries, 'countries') };
        case 'changeCurrencies':
          return { ...s, currencies: parseBody(z.array(z.string()), a.currencies, 'currencies') };
        case 'changeLanguages':
          return { ...s, languages: parseBody(z.array(z.string()), a.languages, 'languages') };
        default:
          throw unknownAction('project', action.action);
      }
    },
    { now: p.now(), actor: r.ctx.actor },
  );
  const {
    id: _id,
    lastModifiedAt: _m,
    lastModifiedBy: _b,
    ...rest
  } = next as typeof next & { lastModifiedBy?: unknown };
  p.settings = rest as Project;
  p.messages.config = {
    enabled: next.messages.enabled,
    deleteDaysAfterCreation: next.messages.deleteDaysAfterCreation ?? 15,
  };
  return { status: 200, body: p.settings };
}

function messagesRoute(r: Routed): Answer {
  const p = r.env.project;
  requireScope(r.grant, p.key, ['view_messages', 'view_orders']);
  if (r.method !== 'GET' && r.method !== 'HEAD') throw notFound('messages');
  if (!p.messages.config.enabled) {
    const q = p.options.quirks;
    if (q.messagesWhenDisabled === 'error') {
      throw new CtError(q.messagesDisabledStatus, [
        {
          code: 'InvalidOperation',
          message:
            'The Messages Query HTTP API is not enabled for this project. Enable it in the project settings (changeMessagesConfiguration).',
        },
      ]);
    }
    const q2 = parseQuery(r.ctx.params, p.options.limits);
    return { status: 200, body: runQuery([], q2, p.options.limits) };
  }
  const [, id, ...extra] = r.rest;
  if (extra.length > 0) throw notFound(r.rest.join('/'));
  if (id !== undefined) {
    const m = p.messages.get(id);
    if (!m) throw notFound(id);
    return { status: 200, body: m };
  }
  const q = parseQuery(r.ctx.params, p.options.limits);
  const page = runQuery(p.messages.visible(), q, p.options.limits);
  return r.method === 'HEAD' ? { status: page.count > 0 ? 200 : 404 } : { status: 200, body: page };
}

function projectionsRoute(r: Routed): Answer {
  const p = r.env.project;
  const staged = r.ctx.params.get('staged') === 'true';
  requireScope(
    r.grant,
    p.key,
    staged ? ['view_products'] : ['view_products', 'view_published_products'],
    r.ctx.storeKey,
  );
  const all = p.products
    .all()
    .filter((x) => staged || x.masterData.published)
    .map((x) => projection(x, staged));
  const [, ident, ...extra] = r.rest;
  if (extra.length > 0) throw notFound(r.rest.join('/'));
  if (ident !== undefined) {
    const found = ident.startsWith('key=')
      ? all.find((x) => x.key === ident.slice(4))
      : all.find((x) => x.id === ident);
    if (!found) throw notFound(ident);
    return { status: 200, body: found };
  }
  return { status: 200, body: runQuery(all, parseQuery(r.ctx.params, p.options.limits), p.options.limits) };
}

/** The answer for a special endpoint, or undefined when the path is a plain resource. */
export function specialRoute(r: Routed): Answer | undefined {
  const [head, second] = r.rest;
  if (head === undefined) {
    if (r.ctx.storeKey !== undefined) throw notFound('in-store');
    return projectRoute(r);
  }
  if (head === 'messages' && r.ctx.storeKey === undefined) return messagesRoute(r);
  if (head === 'product-projections') return projectionsRoute(r);
  if (head === 'orders' && second === 'import' && r.rest.length === 2) {
    // Import has no in-store variant [resources/in-store/orders-in-store.raml].
    if (r.method !== 'POST' || r.ctx.storeKey !== undefined) throw notFound('orders/import');
    requireScope(r.grant, r.env.project.key, ['manage_orders']);
    const created = createImported(r.ctx, r.body);
    r.env.project.orders.insert(created.resource);
    r.env.project.commit(r.env.project.orders, created.resource, created.messages, r.ctx.actor);
    return { status: 201, body: created.resource };
  }
  return undefined;
}
