import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  type LightspeedEmulator,
  type LightspeedEmulatorOptions,
  startLightspeedEmulator,
} from '../../../emulators/lightspeed-k/index.ts';

/** `../shared/fixtures/lightspeed-k` beside the repository: read in place, never copied. */
export const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/lightspeed-k');
export const fixturesPresent = (): boolean => existsSync(FIXTURES);

const Fixture = z.object({
  source: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int(),
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

export interface Answer {
  status: number;
  json: unknown;
  headers: Headers;
}

export interface TestEmulator {
  emu: LightspeedEmulator;
  token: string;
  loc: number;
  /** GET an API path with a fresh token (tests that move the clock past an hour stay signed in), a given one, or none. */
  get(path: string, token?: string | null): Promise<Answer>;
  close(): Promise<void>;
}

export async function startTestEmulator(options: LightspeedEmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startLightspeedEmulator(options);
  const token = emu.mintToken().access_token;
  return {
    emu,
    token,
    loc: emu.demo.locationId,
    get: async (path, given) => {
      const t = given === undefined ? emu.mintToken().access_token : given;
      const res = await fetch(`${emu.url}${path}`, t === null ? {} : { headers: { authorization: `Bearer ${t}` } });
      const text = await res.text();
      return { status: res.status, json: text === '' ? null : JSON.parse(text), headers: res.headers };
    },
    close: () => emu.close(),
  };
}

/** Every `include` the spec lists: the richest answer, for shape comparisons. */
export const ALL = 'include=staff,table,consumer,payments,revenue_center,account_profile,payment_authorization';

const DaySales = z.object({
  sales: z.array(z.record(z.string(), z.unknown())),
  nextStartOfDayAsIso8601: z.string(),
  dataComplete: z.boolean(),
});
export type DaySales = z.infer<typeof DaySales>;
export const daySales = (json: unknown): DaySales => DaySales.parse(json);

const Money = z.string();
export const SaleView = z.object({
  accountFiscId: z.string(),
  type: z.string(),
  source: z.object({ initialAccountId: z.string(), previousAccountId: z.string().optional() }),
  salesLines: z.array(
    z.object({
      sku: z.string(),
      quantity: z.string(),
      totalNetAmountWithTax: Money,
      totalNetAmountWithoutTax: Money,
      taxAmount: Money,
      taxCode: z.string(),
      taxRatePercentage: z.string(),
      taxLines: z.array(z.object({ taxRate: z.string(), taxAmount: Money })),
    }),
  ),
  payments: z
    .array(
      z.object({
        code: z.string(),
        type: z.string(),
        netAmountWithTax: Money,
        tip: Money,
        roundingAmount: Money,
        consumer: z.object({ companyName: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  cancelled: z.boolean(),
});
export type SaleView = z.infer<typeof SaleView>;
export const salesOf = (json: unknown): SaleView[] => z.array(SaleView).parse(daySales(json).sales);

/** Amount strings → integer öre, for sums a test can compare exactly. */
export function ore(amount: string): number {
  const m = /^(-)?(\d+)\.(\d{2})$/.exec(amount);
  if (!m) throw new Error(`${amount} is not a two-decimal amount`);
  const v = Number(m[2]) * 100 + Number(m[3]);
  return m[1] ? -v : v;
}
