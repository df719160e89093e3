import express, { type Router } from 'express';
import { z } from 'zod';
import { type ApiLocals, NEEDS } from './api-gate.ts';
import type { Blocklist } from './blocklist.ts';
import { BcError } from './errors.ts';
import { createHook, HookPost, HookPut, hookJson, hookStatus, hooksOf, updateHook } from './hooks.ts';
import type { Hook } from './model.ts';
import { idParam, on, paginate, parse } from './routing.ts';

/** `/v3/hooks` CRUD and `/v3/hooks/admin` [BC-WH webhooks.v3.yml], wrapped in `{data, meta}`. */

function own(api: ApiLocals, id: number): Hook {
  const h = hooksOf(api.store, api.account).find((x) => x.id === id);
  if (!h) throw new BcError(404, `Webhook with id [${id}] not found`);
  return h;
}

const AdminPut = z.object({ emails: z.array(z.email()) });

export function v3HooksRouter(blocklist: Blocklist, emails: Map<string, string[]>): Router {
  const r = express.Router({ mergeParams: true });
  const need = NEEDS.none;

  on(r, 'get', '/hooks', need, (api, req) => {
    const q = req.query;
    const all = hooksOf(api.store, api.account)
      .filter((h) => q.is_active === undefined || String(h.isActive) === String(q.is_active))
      .filter((h) => q.scope === undefined || h.scope === q.scope)
      .filter((h) => q.destination === undefined || h.destination === q.destination)
      .map((h) => hookJson(api.store, h));
    const { data, pagination } = paginate(all, req);
    return { status: 200, body: { data, meta: { pagination } } };
  });
  on(r, 'post', '/hooks', need, (api, _req, body) => {
    const hook = createHook(api.store, api.account, parse(HookPost, body, 'v3'));
    return { status: 200, body: { data: hookJson(api.store, hook), meta: {} } };
  });
  on(r, 'get', '/hooks/admin', need, (api, req) => {
    const filter = req.query.is_active;
    const hooks = hooksOf(api.store, api.account).filter(
      (h) => filter === undefined || String(h.isActive) === String(filter),
    );
    const { data: hooks_list, pagination } = paginate(
      hooks.map((h) => ({ ...hookJson(api.store, h), status: hookStatus(h) })),
      req,
    );
    const data = {
      emails: emails.get(`${api.store.hash}|${api.account.clientId}`) ?? [],
      hooks_list,
      blocked_domains: blocklist.blockedFor(api.account.clientId),
    };
    return { status: 200, body: { data, meta: { pagination } } };
  });
  on(r, 'put', '/hooks/admin', need, (api, _req, body) => {
    emails.set(`${api.store.hash}|${api.account.clientId}`, parse(AdminPut, body, 'v3').emails);
    return { status: 204 };
  });
  on(r, 'get', '/hooks/:hookId', need, (api, req) => ({
    status: 200,
    body: { data: hookJson(api.store, own(api, idParam(req, 'hookId'))), meta: {} },
  }));
  on(r, 'put', '/hooks/:hookId', need, (api, req, body) => {
    const hook = own(api, idParam(req, 'hookId'));
    updateHook(api.store, api.account, hook, parse(HookPut, body, 'v3'));
    return { status: 200, body: { data: hookJson(api.store, hook), meta: {} } };
  });
  on(r, 'delete', '/hooks/:hookId', need, (api, req) => {
    const hook = own(api, idParam(req, 'hookId'));
    api.store.hooks.delete(hook.id);
    return { status: 200, body: { data: hookJson(api.store, hook), meta: {} } }; // "returned in the response as a 200"
  });
  return r;
}
