import express, { type Request, type Response, type Router } from 'express';
import { toAppError } from '../../core/errors.ts';
import { sourceAdminPages } from '../../web/access/source-pages.ts';
import { escapeHtml, renderPage } from '../../web/console/layout.ts';
import type { SourceServices } from '../source.ts';
import type { BigCommerceClient, StoreCredentials } from './client.ts';
import type { BigCommerceConfig } from './config.ts';
import { connectInput, connectStore } from './connect.ts';

/**
 * `GET /sources/bigcommerce/connect`: the console's form over the same connect as the JSON route
 * (checked with a real call, stored encrypted, webhooks registered). The form posts urlencoded to
 * `/connect-form` with the session's form token; a problem is shown on the form, values kept
 * (never the token typed in).
 */

type Values = { key?: string; label?: string; storeHash?: string };

function formPage(token: string, values: Values, problem?: string): string {
  const v = (k: keyof Values) => escapeHtml(values[k] ?? '');
  return renderPage({
    title: 'Connect a BigCommerce store',
    section: 'connections',
    body: `${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''}
<p>Create a store-level API account in the BigCommerce control panel (Settings → API → Store-level API accounts) with read access
to Orders, Transactions, Customers and Products, then copy its store hash and access token here.</p>
<form method="post" action="/sources/bigcommerce/connect-form"><input type="hidden" name="token" value="${escapeHtml(token)}">
<p><label>Short name for this store (a–z, 0–9, -) <input name="key" required pattern="[a-z0-9-]{1,20}" value="${v('key')}"></label></p>
<p><label>Label shown in the console <input name="label" value="${v('label')}"></label></p>
<p><label>Store hash <input name="storeHash" required value="${v('storeHash')}"></label></p>
<p><label>Access token <input name="accessToken" type="password" required autocomplete="off"></label></p>
<p><button type="submit">Connect the store</button> <a href="/connections">Back to connections</a></p></form>`,
  });
}

export function connectFormRoutes(
  router: Router,
  services: SourceServices,
  config: BigCommerceConfig,
  makeClient: (c: StoreCredentials) => BigCommerceClient,
): void {
  const pages = sourceAdminPages({ ADMIN_PASSWORD: config.adminPassword, APP_SECRET: config.appSecret });
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  router.get('/connect', pages.page, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(formPage(pages.token(res), {}));
  });

  router.post('/connect-form', pages.page, form, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Values = {
      key: String(body.key ?? ''),
      label: String(body.label ?? ''),
      storeHash: String(body.storeHash ?? ''),
    };
    const again = (status: number, problem: string) =>
      res
        .status(status)
        .type('html')
        .send(formPage(pages.token(res), values, problem));
    if (!pages.valid(res, body.token)) return void again(403, 'The form had expired; fill it in again.');
    const parsed = connectInput.safeParse({
      key: values.key,
      ...(values.label ? { label: values.label } : {}),
      storeHash: values.storeHash,
      accessToken: String(body.accessToken ?? ''),
      webhookBase: config.webhookBase ?? `${req.protocol}://${req.get('host')}`,
    });
    if (!parsed.success)
      return void again(400, parsed.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; '));
    try {
      await connectStore(services, config, makeClient, parsed.data);
    } catch (error) {
      return void again(400, toAppError(error).userMessage);
    }
    const notice = `BigCommerce store ${parsed.data.storeHash} is connected as “${parsed.data.key}”; orders modified from now on are synced.`;
    res.redirect(303, `/connections?notice=${encodeURIComponent(notice)}`);
  });
}
