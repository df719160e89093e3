import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { NEEDS } from './api-gate.ts';
import type { Customer } from './catalog-model.ts';
import { CustomerInput, createCustomer, customerJson } from './customers.ts';
import { BcError } from './errors.ts';
import { listParam, on, paginate, parse } from './routing.ts';
import type { Store } from './store.ts';
import { parseDateFilter } from './values.ts';

/**
 * Customers V3 [BC-CUS]: filters `id:in`, `email:in`, `company:in`, `date_created|date_modified:min|max`,
 * `sort`, page/limit and the cursor pair `after`/`before`; answers carry both `pagination` and
 * `cursor_pagination`. Writes take arrays of at most 10.
 */

const cursor = (id: number): string => Buffer.from(String(id)).toString('base64url');
const uncursor = (c: unknown): number | undefined =>
  typeof c === 'string' ? Number(Buffer.from(c, 'base64url').toString('utf8')) || undefined : undefined;

const SORTS: Record<string, (c: Customer) => number | string> = {
  date_created: (c) => c.created,
  date_modified: (c) => c.modified,
  last_name: (c) => c.lastName.toLowerCase(),
};

function filtered(store: Store, req: Request): Customer[] {
  const q = req.query;
  const ids = listParam(q['id:in']).map(Number);
  const emails = listParam(q['email:in']).map((e) => e.toLowerCase());
  const companies = listParam(q['company:in']).map((c) => c.toLowerCase());
  const bound = (name: string): number | undefined => {
    const v = q[name];
    if (typeof v !== 'string') return undefined;
    const ms = parseDateFilter(v);
    if (ms === undefined) throw new BcError(422, `${name} is not a valid date`);
    return ms;
  };
  const [dmMin, dmMax, dcMin, dcMax] = [
    'date_modified:min',
    'date_modified:max',
    'date_created:min',
    'date_created:max',
  ].map(bound);
  const [field = 'id', dir = 'asc'] = String(q.sort ?? 'id:asc').split(':');
  const key = SORTS[field] ?? ((c: Customer) => c.id);
  return [...store.customers.values()]
    .filter((c) => ids.length === 0 || ids.includes(c.id))
    .filter((c) => emails.length === 0 || emails.includes(c.email.toLowerCase()))
    .filter((c) => companies.length === 0 || companies.includes(c.company.toLowerCase()))
    .filter((c) => (dmMin === undefined || c.modified >= dmMin) && (dmMax === undefined || c.modified <= dmMax))
    .filter((c) => (dcMin === undefined || c.created >= dcMin) && (dcMax === undefined || c.created <= dcMax))
    .sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * (dir === 'desc' ? -1 : 1);
    });
}

const CustomerUpdate = CustomerInput.partial().extend({ id: z.number().int().positive() });

export function v3CustomersRouter(): Router {
  const r = express.Router({ mergeParams: true });
  const need = NEEDS.customers;

  on(r, 'get', '/customers', need, (api, req) => {
    const include = listParam(req.query.include);
    let all = filtered(api.store, req);
    const after = uncursor(req.query.after);
    const before = uncursor(req.query.before);
    if (after !== undefined) all = all.filter((c) => c.id > after);
    if (before !== undefined) all = all.filter((c) => c.id < before);
    const { data, pagination } = paginate(all, req);
    const first = data[0];
    const last = data.at(-1);
    const limit = pagination.per_page;
    const more = all.length > (pagination.current_page - 1) * limit + data.length;
    const earlier = first !== undefined && [...api.store.customers.values()].some((c) => c.id < first.id);
    const cursor_pagination = {
      count: data.length,
      per_page: limit,
      start_cursor: first ? cursor(first.id) : '',
      end_cursor: last ? cursor(last.id) : '',
      links: {
        ...(earlier && first ? { previous: `?before=${cursor(first.id)}&limit=${limit}` } : {}),
        ...(more && last ? { next: `?after=${cursor(last.id)}&limit=${limit}` } : {}),
      },
    };
    return {
      status: 200,
      body: { data: data.map((c) => customerJson(c, include)), meta: { pagination, cursor_pagination } },
    };
  });

  on(r, 'post', '/customers', need, (api, _req, body) => {
    const list = parse(z.array(CustomerInput).min(1), body, 'v3');
    if (list.length > 10) throw new BcError(413, 'At most 10 customers can be created per request.');
    const made = list.map((c) => createCustomer(api.store, c));
    return { status: 200, body: { data: made.map((c) => customerJson(c, ['addresses', 'storecredit'])), meta: {} } };
  });

  on(r, 'put', '/customers', need, (api, _req, body) => {
    const list = parse(z.array(CustomerUpdate).min(1).max(10), body, 'v3');
    const changed = list.map((u) => {
      const c = api.store.customers.get(u.id);
      if (!c) throw new BcError(422, `Customer ${u.id} does not exist.`);
      if (u.email !== undefined) c.email = u.email;
      if (u.first_name !== undefined) c.firstName = u.first_name;
      if (u.last_name !== undefined) c.lastName = u.last_name;
      if (u.company !== undefined) c.company = u.company;
      if (u.phone !== undefined) c.phone = u.phone;
      if (u.notes !== undefined) c.notes = u.notes;
      c.modified = api.store.now();
      api.store.fire('store/customer/updated', { type: 'customer', id: c.id });
      return c;
    });
    return { status: 200, body: { data: changed.map((c) => customerJson(c, [])), meta: {} } };
  });
  return r;
}
