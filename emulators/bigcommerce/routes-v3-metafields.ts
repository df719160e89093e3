import express, { type Router } from 'express';
import { z } from 'zod';
import { type ApiLocals, NEEDS } from './api-gate.ts';
import { BcError } from './errors.ts';
import type { Metafield, Order } from './model.ts';
import { idParam, on, orderOr404, paginate, parse } from './routing.ts';
import { rfc3339 } from './values.ts';

/**
 * Order metafields, `/v3/orders/{id}/metafields` [BC-O3]: where an app keeps its own data on an
 * order (the Fortnox invoice number) without touching `staff_notes`, which the merchant edits.
 * Unique per client id + namespace + key + order (409); at most 250 per order and client; visible
 * only to the creating API account unless `permission_set` opens them (`read`, `write`, …) [BC-AUTH].
 * Creating one answers 200, not 201, as the spec says.
 */

const PERMISSIONS = ['app_only', 'read', 'write', 'read_and_sf_access', 'write_and_sf_access'] as const;
const MetafieldPost = z.object({
  permission_set: z.enum(PERMISSIONS),
  namespace: z.string().min(1).max(64),
  key: z.string().min(1).max(64),
  value: z.string().min(1).max(65535),
  description: z.string().max(255).default(''),
});
const MetafieldPut = MetafieldPost.partial();

export function metafieldJson(m: Metafield): Record<string, unknown> {
  return {
    id: m.id,
    key: m.key,
    value: m.value,
    namespace: m.namespace,
    permission_set: m.permissionSet,
    resource_type: 'order',
    resource_id: m.orderId,
    description: m.description,
    date_created: rfc3339(m.created),
    date_modified: rfc3339(m.modified),
    owner_client_id: m.clientId,
  };
}

const visible = (api: ApiLocals, m: Metafield): boolean =>
  m.clientId === api.account.clientId || m.permissionSet !== 'app_only';
const writable = (api: ApiLocals, m: Metafield): boolean =>
  m.clientId === api.account.clientId || m.permissionSet.startsWith('write');

function find(api: ApiLocals, o: Order, id: number): Metafield {
  const m = api.store.metafields.get(id);
  if (!m || m.orderId !== o.id || !visible(api, m))
    throw new BcError(404, 'A metafield was not found with this query.');
  return m;
}

function clash(api: ApiLocals, o: Order, namespace: string, key: string, except?: number): void {
  for (const m of api.store.metafields.values()) {
    if (m.id === except || m.orderId !== o.id || m.clientId !== api.account.clientId) continue;
    if (m.namespace === namespace && m.key === key) {
      throw new BcError(
        409,
        `A metafield with namespace '${namespace}' and key '${key}' already exists on order ${o.id}.`,
      );
    }
  }
}

export function v3MetafieldsRouter(): Router {
  const r = express.Router({ mergeParams: true });
  const need = NEEDS.orders;
  const orderNotFound = () => new BcError(404, 'Order not found');

  on(r, 'get', '/orders/:orderId/metafields', need, (api, req) => {
    const o = orderOr404(api, req, orderNotFound);
    const ns = typeof req.query.namespace === 'string' ? req.query.namespace : undefined;
    const key = typeof req.query.key === 'string' ? req.query.key : undefined;
    const all = [...api.store.metafields.values()]
      .filter((m) => m.orderId === o.id && visible(api, m))
      .filter((m) => (ns === undefined || m.namespace === ns) && (key === undefined || m.key === key))
      .map(metafieldJson);
    const { data, pagination } = paginate(all, req);
    return { status: 200, body: { data, meta: { pagination } } };
  });
  on(r, 'post', '/orders/:orderId/metafields', need, (api, req, body) => {
    const o = orderOr404(api, req, orderNotFound);
    const input = parse(MetafieldPost, body, 'v3');
    clash(api, o, input.namespace, input.key);
    const mine = [...api.store.metafields.values()].filter(
      (m) => m.orderId === o.id && m.clientId === api.account.clientId,
    );
    if (mine.length >= 250)
      throw new BcError(422, 'The maximum number of metafields (250) per order and client was reached.');
    const now = api.store.now();
    const m: Metafield = {
      id: api.store.next('metafield', 1),
      orderId: o.id,
      clientId: api.account.clientId,
      permissionSet: input.permission_set,
      namespace: input.namespace,
      key: input.key,
      value: input.value,
      description: input.description,
      created: now,
      modified: now,
    };
    api.store.metafields.set(m.id, m);
    return { status: 200, body: { data: metafieldJson(m), meta: {} } };
  });
  on(r, 'get', '/orders/:orderId/metafields/:metafieldId', need, (api, req) => {
    const o = orderOr404(api, req, orderNotFound);
    return { status: 200, body: { data: metafieldJson(find(api, o, idParam(req, 'metafieldId'))), meta: {} } };
  });
  on(r, 'put', '/orders/:orderId/metafields/:metafieldId', need, (api, req, body) => {
    const o = orderOr404(api, req, orderNotFound);
    const m = find(api, o, idParam(req, 'metafieldId'));
    if (!writable(api, m)) throw new BcError(403, 'This metafield belongs to another app and is not writable.');
    const input = parse(MetafieldPut, body, 'v3');
    clash(api, o, input.namespace ?? m.namespace, input.key ?? m.key, m.id);
    Object.assign(m, {
      ...(input.permission_set === undefined ? {} : { permissionSet: input.permission_set }),
      ...(input.namespace === undefined ? {} : { namespace: input.namespace }),
      ...(input.key === undefined ? {} : { key: input.key }),
      ...(input.value === undefined ? {} : { value: input.value }),
      ...(input.description === undefined ? {} : { description: input.description }),
      modified: api.store.now(),
    });
    return { status: 200, body: { data: metafieldJson(m), meta: {} } };
  });
  on(r, 'delete', '/orders/:orderId/metafields/:metafieldId', need, (api, req) => {
    const o = orderOr404(api, req, orderNotFound);
    const m = find(api, o, idParam(req, 'metafieldId'));
    if (!writable(api, m)) throw new BcError(403, 'This metafield belongs to another app and is not writable.');
    api.store.metafields.delete(m.id);
    return { status: 204 };
  });
  return r;
}
