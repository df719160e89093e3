import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** `../shared/fixtures/bigcommerce` beside the repository; read in place, never copied. */
export const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/bigcommerce');
export const fixturesPresent = (): boolean => existsSync(FIXTURES);

/** One documented exchange [shared/fixtures/README.md "File format"]. */
export const Fixture = z.object({
  source: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int(),
  request: z.unknown(),
  response: z.unknown(),
});
export type Fixture = z.infer<typeof Fixture>;

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

export const loadFixture = (name: string): Fixture =>
  Fixture.parse(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')));
