import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';

/** Real Fortnox traffic (VCR cassettes) beside the repository; read in place, never copied. */
export const RECORDED = resolve(import.meta.dirname, '../../../../shared/fixtures/fortnox-recorded');
export const recordedPresent = (): boolean => existsSync(RECORDED);

const Cassette = z.object({
  http_interactions: z.array(
    z.object({
      response: z.object({
        status: z.object({ code: z.number() }),
        headers: z.record(z.string(), z.array(z.unknown())),
        body: z.object({ string: z.string() }).partial().optional(),
      }),
    }),
  ),
});

export interface RecordedAnswer {
  name: string;
  status: number;
  contentType: string;
  body: string;
}

/** Every recorded answer with the given status range, e.g. all errors (400–599). */
export function recordedAnswers(minStatus: number, maxStatus: number): RecordedAnswer[] {
  const out: RecordedAnswer[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.yml')) {
        const doc = Cassette.parse(load(readFileSync(path, 'utf8')));
        for (const { response } of doc.http_interactions) {
          if (response.status.code < minStatus || response.status.code > maxStatus) continue;
          out.push({
            name: relative(RECORDED, path).replace(/\.yml$/, ''),
            status: response.status.code,
            contentType: String(response.headers['Content-Type']?.[0] ?? ''),
            body: response.body?.string ?? '',
          });
        }
      }
    }
  };
  walk(RECORDED);
  return out;
}

export function recordedAnswer(name: string): RecordedAnswer {
  const found = recordedAnswers(100, 599).find((a) => a.name === name);
  if (found === undefined) throw new Error(`no recorded answer ${name}`);
  return found;
}
