import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { readJson, sendJson } from '../kit/index.ts';
import type { Company } from './catalog-model.ts';
import { createCustomer } from './customers.ts';
import { BcError } from './errors.ts';
import type { Store } from './store.ts';
import { rfc3339 } from './values.ts';

/**
 * B2B Edition companies, a separate API on its own host (`https://api-b2b.bigcommerce.com/api/v3/io`)
 * with `X-Auth-Token` and `X-Store-Hash` [BC-CUS company.yaml]; here under `/api/v3/io` on the same
 * port. Every answer is `{code, data, meta: {message}}`. Creating a company creates its admin as a
 * store customer with the company name, so orders the admin places carry `billing_address.company`.
 */
const CompanyPost = z.object({
  companyName: z.string().min(1),
  companyPhone: z.string().default(''),
  companyEmail: z.email(),
  addressLine1: z.string().default(''),
  addressLine2: z.string().default(''),
  city: z.string().default(''),
  state: z.string().default(''),
  country: z.string().default(''),
  zipCode: z.string().default(''),
  adminFirstName: z.string().min(1),
  adminLastName: z.string().min(1),
  adminEmail: z.email(),
  adminPhoneNumber: z.string().default(''),
  catalogId: z.number().int().optional(),
  acceptCreationEmail: z.boolean().default(false),
  extraFields: z.array(z.object({ fieldName: z.string().min(1), fieldValue: z.string() })).default([]),
  uuid: z.string().optional(),
  channelIds: z.array(z.number().int()).default([1]),
  originChannelId: z.number().int().optional(),
});

const answer = (res: Response, code: number, data: unknown, message: string): void =>
  sendJson(res, code, { code, data, meta: { message } });

export function companyJson(c: Company): Record<string, unknown> {
  return {
    companyId: c.id,
    companyName: c.name,
    companyEmail: c.email,
    companyPhone: c.phone,
    addressLine1: c.address.line1,
    addressLine2: c.address.line2,
    city: c.address.city,
    state: c.address.state,
    country: c.address.country,
    zipCode: c.address.zip,
    customerGroupId: c.customerGroupId,
    bcGroupId: String(c.customerGroupId),
    extraFields: c.extraFields,
    channelIds: c.channelIds,
    createdAt: rfc3339(c.created),
  };
}

export function b2bRouter(stores: Map<string, Store>): Router {
  const r = express.Router();
  const storeOf = (req: Request): Store | undefined => {
    const store = stores.get(req.get('x-store-hash') ?? '');
    const token = req.get('x-auth-token');
    return store && token !== undefined && store.accounts.has(token) ? store : undefined;
  };
  r.post('/companies', async (req, res) => {
    const store = storeOf(req);
    if (!store) return answer(res, 401, {}, 'Invalid token or store hash.');
    const body = await readJson(req);
    const parsed = CompanyPost.safeParse(body.ok ? body.value : undefined);
    if (!parsed.success) return answer(res, 422, { errMsg: z.prettifyError(parsed.error) }, 'Invalid input.');
    const c = parsed.data;
    try {
      const groupId = store.next('customer_group', 1);
      const admin = createCustomer(store, {
        ...{ email: c.adminEmail, first_name: c.adminFirstName, last_name: c.adminLastName, company: c.companyName },
        ...{ phone: c.adminPhoneNumber, customer_group_id: groupId, channel_ids: c.channelIds },
      });
      const company: Company = {
        ...{ id: store.next('company', 1), name: c.companyName, phone: c.companyPhone, email: c.companyEmail },
        address: {
          line1: c.addressLine1,
          line2: c.addressLine2,
          city: c.city,
          state: c.state,
          country: c.country,
          zip: c.zipCode,
        },
        ...{ customerId: admin.id, customerGroupId: groupId, extraFields: c.extraFields, channelIds: c.channelIds },
        created: store.now(),
      };
      admin.companyId = company.id;
      store.companies.set(company.id, company);
      answer(res, 200, { companyId: company.id, customerId: admin.id, customerGroupId: groupId }, 'SUCCESS');
    } catch (e) {
      if (e instanceof BcError) return answer(res, e.status, { errMsg: e.message }, e.message);
      throw e;
    }
  });
  r.get('/companies/:companyId', (req, res) => {
    const store = storeOf(req);
    if (!store) return answer(res, 401, {}, 'Invalid token or store hash.');
    const company = store.companies.get(Number(req.params.companyId));
    if (!company) return answer(res, 404, {}, 'This resource is not found.');
    answer(res, 200, companyJson(company), 'SUCCESS');
  });
  return r;
}
