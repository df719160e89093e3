import { expect } from 'chai';
import { type ShapeAllowances, shapeDiff } from '../../helpers/json-shape.ts';
import {
  ALL,
  type Answer,
  type Fixture,
  fixtureNames,
  fixturesPresent,
  loadFixture,
  startTestEmulator,
  type TestEmulator,
} from './helpers.ts';

/**
 * Every example in `../shared/fixtures/lightspeed-k/` against the equivalent request: the same
 * status and the same JSON shape. The allowances below are each a documented reason, not a
 * tolerance: conditional fields (the spec says when they appear), schema fields the fixtures left
 * out for lack of an example (fixture README), and the one field the emulator never stores.
 */

const SALE_ALLOWANCES: ShapeAllowances = {
  optional: {
    '$.sales[].source.previousAccountId':
      'spec: "It will not be displayed if there is no associated account" (a plain sale)',
    '$.sales[].voidReason': 'only on a voided or cancelled sale',
    '$.sales[].salesLines[].parentLineId': 'only on a line that modifies another ("if applicable")',
    '$.sales[].salesLines[].voidReason': 'only on a voided line',
    '$.sales[].payments[].consumer.email': 'the emulator never stores an e-mail address (house rule)',
  },
  extra: {
    '$.sales[].salesLines[].tags':
      'financial-apiLine.tags is in the schema; the fixture omits it for lack of an example',
  },
};

const TAX_RATE_ALLOWANCES: ShapeAllowances = {
  extra: {
    '$._embedded.taxRateList[].taxIncluded': 'TaxRate.taxIncluded is in the schema; no example (fixture README)',
    '$._embedded.taxRateList[].accountingReference':
      'TaxRate.accountingReference is in the schema; no example (fixture README)',
  },
};

/** A sale that carries every field the example shows: discounts, a modifier, a table, a named customer, references. */
function ringUpRichSale(t: TestEmulator): void {
  t.emu.ringUp({
    register: 2,
    staff: 'Anna',
    table: '4',
    covers: 2,
    externalFiscalNumber: 'INTEGRATOR-1',
    externalReferences: [`TASK:OO-${t.loc}-order-1`],
    accountDiscountPercent: 10,
    accountDiscountName: 'Personalrabatt',
    lines: [
      { sku: '101', quantity: 2, discountPercent: 10, nameOverride: 'Kaffe, extra het' },
      { sku: '104', modifierOf: 0, discountPercent: 10, nameOverride: 'Havremjölk i kaffet' },
    ],
    payments: [
      {
        method: 'CARD',
        reference: 'PSP-42',
        customer: {
          customerId: 120913,
          title: 'Fru',
          firstName: 'Eva',
          lastName: 'Lind',
          phoneNumber1: '08-123 45 67',
          phoneNumber2: '070-123 45 67',
          companyName: 'Lind Konsult AB',
          addressLine1: 'Götgatan 1',
          addressLine2: 'Plan 2',
          zipCode: '116 46',
          city: 'Stockholm',
          state: 'Stockholms län',
          taxIdentifier: 'SE556677889901',
          fiscalCode: '556677-8899',
          destinationCode: 'SE',
        },
      },
    ],
  });
}

type Case = (t: TestEmulator) => Promise<{ answer: Answer; allow?: ShapeAllowances; sameValue?: boolean }>;

const CASES: Record<string, Case> = {
  'accounting-groups': async (t) => ({ answer: await t.get(`/f/finance/${t.loc}/accountingGroups`) }),
  businesses: async (t) => ({ answer: await t.get('/f/data/businesses') }),
  'payment-methods': async (t) => ({ answer: await t.get(`/f/finance/${t.loc}/paymentMethods`) }),
  'tax-rates': async (t) => ({ answer: await t.get(`/f/finance/${t.loc}/tax-rates`), allow: TAX_RATE_ALLOWANCES }),
  'sales-400-missing-parameter': async (t) => ({
    answer: await t.get(`/f/v2/business-location/${t.loc}/sales?to=2026-12-01T00:00:00Z`),
    sameValue: true,
  }),
  'sales-400-wrong-date-format': async (t) => ({
    answer: await t.get(`/f/v2/business-location/${t.loc}/sales?from=12/12/2023`),
    sameValue: true,
  }),
  'sales-daily': async (t) => {
    ringUpRichSale(t);
    const date = t.emu.openDay();
    return {
      answer: await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=${date}&${ALL}`),
      allow: SALE_ALLOWANCES,
    };
  },
  sales: async (t) => {
    ringUpRichSale(t);
    const from = new Date(t.emu.now() - 3600_000).toISOString();
    return {
      answer: await t.get(`/f/v2/business-location/${t.loc}/sales?from=${from}&${ALL}`),
      allow: SALE_ALLOWANCES,
    };
  },
};

describe('Lightspeed emulator: fidelity to the official examples', () => {
  if (!fixturesPresent()) {
    it('skips: ../shared/fixtures/lightspeed-k is not present');
    return;
  }
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ clockStart: '2026-06-10T10:00:00+02:00' });
  });
  afterEach(async () => {
    await t.close();
  });

  it('has a request for every example in the folder', () => {
    expect(fixtureNames().filter((n) => !(n in CASES))).to.deep.equal([]);
  });

  for (const name of fixturesPresent() ? fixtureNames() : []) {
    it(`${name}: same status and JSON shape`, async () => {
      const fixture: Fixture = loadFixture(name);
      const run = CASES[name];
      if (!run) throw new Error(`no request for ${name}`);
      const { answer, allow, sameValue } = await run(t);
      expect(answer.status, JSON.stringify(answer.json)).to.equal(fixture.status);
      expect(shapeDiff(fixture.response, answer.json, allow)).to.deep.equal([]);
      if (sameValue) expect(answer.json).to.deep.equal(fixture.response);
    });
  }
});

describe('json-shape comparator', () => {
  it('reports a type change, a missing key and an invented key, by path', () => {
    const diff = shapeDiff({ a: '1', b: [{ c: 1 }], d: true }, { a: 1, b: [{ c: 1, e: 2 }] });
    expect(diff).to.deep.equal([
      '$.a: the example has string, the answer number',
      '$.b[].e: not in the example',
      '$.d: missing in the answer',
    ]);
  });

  it('accepts only the deviations it is told about', () => {
    const allow = { optional: { '$.x.y': 'conditional' }, extra: { '$.z': 'schema field' } };
    expect(shapeDiff({ x: { y: 'v' } }, { x: {}, z: 1 }, allow)).to.deep.equal([]);
    expect(shapeDiff({ x: [{ y: 1 }] }, { x: [] })).to.deep.equal(['$.x: empty, the example has elements']);
  });
});
