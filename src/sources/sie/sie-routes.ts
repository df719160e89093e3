import express, { type Request, type Response, type Router } from 'express';
import { deriveKey } from '../../core/crypto.ts';
import { formToken, requireAdmin, validFormToken } from '../../web/admin-auth.ts';
import { escapeHtml, renderPage } from '../../web/console/layout.ts';
import { boundaryOf, parseMultipart } from '../../web/multipart.ts';
import type { SourceServices } from '../source.ts';
import { SIE_CONNECTION_KEY, sieConnection } from './sie-connection.ts';
import { importSie, type SieImportResult } from './sie-import.ts';

/**
 * Uploading SIE4 files, under `/sources/sie/` (dashboard password):
 * - `GET /sources/sie/` — the upload form, in the console's frame;
 * - `POST /sources/sie/upload` — the form's multipart post (with the form token), answered as a page;
 * - `POST /sources/sie/files?connection=…[&location=…]` — the API: the file as the raw body
 *   (`Content-Type: application/octet-stream`, which no cross-site form can send), answered as JSON —
 *   200 with what was queued, 400 with line-numbered errors or the days another input feeds.
 * Either way a file is imported whole or not at all, and the same file again queues nothing.
 */

const MAX_BYTES = 20 * 1024 * 1024;
const LOCATION = /^.{1,40}$/u;

interface SieWebConfig {
  ADMIN_PASSWORD?: string;
  APP_SECRET: string;
  ENCRYPTION_KEY: string;
}

type Outcome = { status: 200 | 400; result?: SieImportResult; problem?: string; location?: string };

async function run(
  services: SourceServices,
  key: Buffer,
  connection: string | undefined,
  location: string | undefined,
  bytes: Uint8Array | undefined,
): Promise<Outcome> {
  if (connection === undefined || !SIE_CONNECTION_KEY.test(connection))
    return {
      status: 400,
      problem: 'connection is required: a short key (a-z, 0-9 and -, at most 20) for the register or location.',
    };
  if (location !== undefined && !LOCATION.test(location))
    return { status: 400, problem: 'location must be 1 to 40 characters.' };
  if (bytes === undefined || bytes.length === 0)
    return { status: 400, problem: 'The file is empty; choose an SIE4 file.' };
  const resolved = await sieConnection(services.pool, key, services.connections, connection, location);
  const result = await importSie(services, connection, resolved, bytes);
  const ok = result.errors.length === 0 && result.refused.length === 0;
  return { status: ok ? 200 : 400, result, location: resolved };
}

function json(res: Response, o: Outcome): void {
  if (o.problem !== undefined) return void res.status(400).json({ error: 'invalid', message: o.problem });
  const r = o.result!;
  if (r.errors.length > 0)
    return void res.status(400).json({
      error: 'invalid_file',
      message: 'The file was not imported; fix these lines and upload it again.',
      errors: r.errors,
    });
  if (r.refused.length > 0)
    return void res.status(400).json({
      error: 'other_input',
      message: 'The file was not imported: a location is fed by one input only.',
      refused: r.refused,
    });
  res.status(200).json({ location: o.location, queued: r.queued, unchanged: r.unchanged, warnings: r.warnings });
}

function formPage(token: string, notice?: string, detail = ''): string {
  const body = `${detail}
<form method="post" action="/sources/sie/upload" enctype="multipart/form-data">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<p><label>Connection key (the register or location)<br><input name="connection" required pattern="[a-z0-9-]{1,20}" placeholder="gotgatan-sie"></label></p>
<p><label>Location for the books (empty = as before, or the key)<br><input name="location" maxlength="40"></label></p>
<p><label>SIE4 file (.se, CP437)<br><input type="file" name="file" required accept=".se,.si,.sie,.txt"></label></p>
<p><button>Upload and post</button></p>
</form>
<p class="muted">Each verification becomes one Fortnox voucher. A file is imported whole or not at all; the same file again posts nothing. A location is fed by the register's API or by SIE files, never both for the same days.</p>`;
  return renderPage({ title: 'Upload an SIE file', section: 'none', body, notice });
}

function resultDetail(o: Outcome): { notice: string; detail: string } {
  if (o.problem !== undefined) return { notice: o.problem, detail: '' };
  const r = o.result!;
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  if (r.errors.length > 0)
    return {
      notice: 'The file was not imported; fix these lines and upload it again.',
      detail: `<div class="error" role="alert">${list(r.errors.map((e) => e.message))}</div>`,
    };
  if (r.refused.length > 0)
    return {
      notice: 'The file was not imported: a location is fed by one input only.',
      detail: `<div class="error" role="alert">${list(r.refused)}</div>`,
    };
  return {
    notice: `${r.queued.length} verification(s) queued for Fortnox, ${r.unchanged.length} already imported unchanged (location “${o.location ?? ''}”).`,
    detail:
      r.warnings.length > 0
        ? `<p>Notes:</p>${list(r.warnings)}`
        : '<p><a href="/records">Watch the vouchers on the records page</a></p>',
  };
}

export function sieRoutes(router: Router, services: SourceServices): void {
  const config = services.config as unknown as SieWebConfig;
  const key = deriveKey(config.ENCRYPTION_KEY);
  const admin = requireAdmin({ ADMIN_PASSWORD: config.ADMIN_PASSWORD });
  const raw = express.raw({ type: () => true, limit: MAX_BYTES });

  router.get('/', admin, (_req: Request, res: Response) => {
    res.type('html').send(formPage(formToken(config)));
  });

  router.post('/files', admin, raw, async (req: Request, res: Response) => {
    if (!/^application\/octet-stream\b/i.test(req.get('content-type') ?? ''))
      return void res.status(415).json({
        error: 'unsupported_media_type',
        message: 'Send the file as the body with Content-Type: application/octet-stream.',
      });
    const q = req.query as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : undefined;
    json(res, await run(services, key, str(q.connection), str(q.location), body));
  });

  router.post('/upload', admin, raw, async (req: Request, res: Response) => {
    const boundary = boundaryOf(req.get('content-type'));
    const form = boundary !== undefined && Buffer.isBuffer(req.body) ? parseMultipart(req.body, boundary) : undefined;
    const token = formToken(config);
    if (form === undefined)
      return void res
        .status(400)
        .type('html')
        .send(formPage(token, 'The upload was not a form post; use the form below.'));
    if (!validFormToken(config, form.fields.get('token')))
      return void res
        .status(403)
        .type('html')
        .send(formPage(token, 'The form has expired; upload the file again from this page.'));
    const text = (name: string) => {
      const v = form.fields.get(name)?.trim();
      return v === undefined || v === '' ? undefined : v;
    };
    const outcome = await run(services, key, text('connection'), text('location'), form.files.get('file')?.bytes);
    const { notice, detail } = resultDetail(outcome);
    res
      .status(outcome.status)
      .type('html')
      .send(formPage(token, notice, detail));
  });
}
