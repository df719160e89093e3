import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The documented examples in `../shared/fixtures/<system>/`, read in place (never copied into the
 * repository). Each file is one exchange: `{source, method, path, status, request, response}`.
 */
export const SHARED_FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');

export const Exchange = z.object({
  source: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int(),
  request: z.unknown(),
  response: z.unknown(),
});
export type Exchange = z.infer<typeof Exchange>;

export const fixturesPresent = (system: string): boolean => existsSync(join(SHARED_FIXTURES, system));

export function fixtureNames(system: string): string[] {
  return readdirSync(join(SHARED_FIXTURES, system))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export function loadFixture(system: string, name: string): Exchange {
  return Exchange.parse(JSON.parse(readFileSync(join(SHARED_FIXTURES, system, `${name}.json`), 'utf8')));
}
