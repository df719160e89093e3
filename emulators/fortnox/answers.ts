import type { ServerResponse } from 'node:http';
import { send as kitSend } from '../kit/index.ts';
import type { FortnoxError } from './errors.ts';
import type { ApiResult } from './resource.ts';
import { fortnoxJson } from './values.ts';

/** Fortnox's own answers on top of the kit's `send`: every answer carries `Server: Fortnox`. */
export function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string): void {
  if (!res.headersSent && !res.destroyed) res.setHeader('Server', 'Fortnox');
  kitSend(res, status, body, contentType);
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
