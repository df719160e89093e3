import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** `../shared/fixtures/commercetools` from the repository root; read in place, never copied. */
export const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/commercetools');
export const fixturesPresent = (): boolean => existsSync(FIXTURES);

const Fixture = z.object({
  source: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().nullable(),
  request: z.unknown(),
  response: z.unknown(),
});
export type Fixture = z.infer<typeof Fixture>;

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export function loadFixture(name: string): Fixture {
  return Fixture.parse(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')));
}
