import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small HTTP helpers every emulator needs, so none writes its own body reader or auth parser. */

export function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

/** The raw body, for signature checks and for systems that are picky about their JSON. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON body or a clear reason why not (the caller answers in its system's error shape). */
export async function readJson(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const raw = await readBody(req);
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined;
}

export function basicCredentials(req: IncomingMessage): { id: string; secret: string } | undefined {
  const h = req.headers.authorization;
  if (!h || !/^Basic\s+/i.test(h)) return undefined;
  const decoded = Buffer.from(h.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

export function queryOf(url: string | undefined): URLSearchParams {
  return new URL(url ?? '/', 'http://emulator').searchParams;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
