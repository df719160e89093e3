import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';

/** `../shared/fixtures/fortnox-recorded` relative to the repository root; read in place, never copied. */
export const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/fortnox-recorded');
export const fixturesPresent = (): boolean => existsSync(FIXTURES);

const Cassette = z.object({
  http_interactions: z.array(
    z.object({
      request: z.object({
        method: z.string(),
        uri: z.string(),
        body: z.object({ string: z.string() }).partial().optional(),
      }),
      response: z.object({
        status: z.object({ code: z.number() }),
        headers: z.record(z.string(), z.array(z.unknown())),
        body: z.object({ string: z.string() }).partial().optional(),
      }),
      recorded_at: z.string(),
    }),
  ),
});

export interface Interaction {
  method: string;
  /** Path and query, host stripped (api.fortnox.se and apps.fortnox.se share the emulator). */
  path: string;
  requestBody: string;
  status: number;
  contentType: string;
  responseText: string;
  recordedYear: number;
}

export function cassetteNames(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.yml')) out.push(relative(FIXTURES, p).replace(/\.yml$/, ''));
    }
  };
  walk(FIXTURES);
  return out;
}

export function loadCassette(name: string): Interaction[] {
  const doc = Cassette.parse(load(readFileSync(join(FIXTURES, `${name}.yml`), 'utf8')));
  return doc.http_interactions.map((i) => {
    const url = new URL(i.request.uri);
    return {
      method: i.request.method.toUpperCase(),
      path: url.pathname + url.search,
      requestBody: i.request.body?.string ?? '',
      status: i.response.status.code,
      contentType: String(i.response.headers['Content-Type']?.[0] ?? ''),
      responseText: i.response.body?.string ?? '',
      recordedYear: new Date(i.recorded_at).getUTCFullYear(),
    };
  });
}
