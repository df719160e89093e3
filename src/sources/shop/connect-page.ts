import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { toAppError } from '../../core/errors.ts';
import { formToken, requireAdmin, validFormToken } from '../../web/admin-auth.ts';
import { escapeHtml, messagePage, renderPage } from '../../web/console/layout.ts';
import type { SourceServices } from '../source.ts';

/**
 * The connect page every shop adapter serves at `/sources/<system>/connect`: a form in the
 * console's frame (dashboard password; the dashboard's form token, because browsers send Basic
 * credentials on cross-site posts too), and its POST, which hands the parsed fields to the
 * adapter's `connect` — a real call with the credentials, then the encrypted save and the webhook
 * registration. Refused credentials are a plain 400 on the same form, and nothing is stored.
 */

export interface ConnectField {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'url';
  hint?: string;
  required?: boolean;
}

export interface ConnectPage<T> {
  system: string;
  title: string;
  intro: string;
  fields: readonly ConnectField[];
  schema: z.ZodType<T>;
  /** Checks, stores and registers; throws an AppError whose userMessage says what to fix. Answers the notice. */
  connect(input: T, req: Request): Promise<string>;
}

type Base = { ADMIN_PASSWORD?: string | undefined; APP_SECRET: string };

function baseConfig(services: SourceServices): Base {
  const c = services.config;
  return {
    APP_SECRET: String(c.APP_SECRET ?? ''),
    ...(typeof c.ADMIN_PASSWORD === 'string' ? { ADMIN_PASSWORD: c.ADMIN_PASSWORD } : {}),
  };
}

function form<T>(page: ConnectPage<T>, token: string, values: Record<string, string>, error?: string): string {
  const inputs = page.fields
    .map((f) => {
      const value = f.type === 'password' ? '' : escapeHtml(values[f.name] ?? '');
      const hint = f.hint ? `<br><span class="muted" id="${f.name}-hint">${escapeHtml(f.hint)}</span>` : '';
      const described = f.hint ? ` aria-describedby="${f.name}-hint"` : '';
      return `<p><label for="${f.name}">${escapeHtml(f.label)}</label><br><input id="${f.name}" name="${f.name}" type="${f.type ?? 'text'}" value="${value}"${f.required === false ? '' : ' required'}${described} autocomplete="off" size="60">${hint}</p>`;
    })
    .join('');
  const problem = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return renderPage({
    title: page.title,
    section: 'none',
    body: `<p>${escapeHtml(page.intro)}</p>${problem}<form method="post" action="/sources/${page.system}/connect"><fieldset>
<input type="hidden" name="token" value="${escapeHtml(token)}">${inputs}<p><button type="submit">Connect</button></p></fieldset></form>`,
  });
}

export function connectPageRoutes<T>(router: Router, services: SourceServices, page: ConnectPage<T>): void {
  const config = baseConfig(services);
  const admin = requireAdmin(config);
  const log = services.logger.child({ source: page.system, component: 'connect' });
  router.get('/connect', admin, (_req, res) => {
    res.type('html').send(form(page, formToken(config), {}));
  });
  router.post(
    '/connect',
    admin,
    express.urlencoded({ extended: false, limit: '20kb' }),
    async (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, string>;
      const again = (status: number, message: string) =>
        res
          .status(status)
          .type('html')
          .send(form(page, formToken(config), body, message));
      if (!validFormToken(config, body.token)) {
        res
          .status(403)
          .type('html')
          .send(messagePage('Form expired', 'Open the connect page again and resend the form.'));
        return;
      }
      const parsed = page.schema.safeParse(
        Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== 'token' && v !== '')),
      );
      if (!parsed.success) {
        again(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; '));
        return;
      }
      try {
        const notice = await page.connect(parsed.data, req);
        res.status(200).type('html').send(messagePage(page.title, notice));
      } catch (error) {
        const err = toAppError(error);
        log.warn('connect refused', { code: err.code });
        again(err.category === 'unavailable' ? 502 : 400, err.userMessage);
      }
    },
  );
}

/** Where webhooks should reach this service: PUBLIC_URL, else the address the request came to. */
export function publicBase(services: SourceServices, req: Request): string {
  const configured = services.config.PUBLIC_URL;
  return typeof configured === 'string' ? configured : `${req.protocol}://${req.get('host')}`;
}
