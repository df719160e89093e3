import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FortnoxError } from './errors.ts';
import type { ApiResult } from './resource.ts';
import { fortnoxJson } from './values.ts';

export function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Server', 'Fortnox');
  res.end(body);
}

export function sendResult(res: ServerResponse, r: ApiResult): void {
  if (r.file) return send(res, r.status, r.file.data, r.file.contentType);
  if (!r.body) {
    res.statusCode = r.status;
    res.end();
    return;
  }
  send(res, r.status, fortnoxJson(r.body), 'application/json');
}

export function sendError(res: ServerResponse, e: FortnoxError): void {
  send(res, e.status, fortnoxJson(e.body()), 'application/json');
}

/** The real API answers an expired or unknown token with exactly this [VCR authentication/expired_token]. */
export function sendUnauthorized(res: ServerResponse): void {
  send(res, 401, '{"message":"unauthorized"}', 'application/json');
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined;
}

/** Basic client credentials from the header (Fortnox's way) or, leniently, the form body. */
export function basicAuth(req: IncomingMessage, form: URLSearchParams): { id: string; secret: string } | undefined {
  const h = req.headers.authorization;
  if (h && /^Basic\s+/i.test(h)) {
    const decoded = Buffer.from(h.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return i < 0 ? undefined : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
  }
  const id = form.get('client_id'),
    secret = form.get('client_secret');
  return id && secret ? { id, secret } : undefined;
}

export function queryOf(url: string | undefined): URLSearchParams {
  return new URL(url ?? '/', 'http://emulator').searchParams;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
