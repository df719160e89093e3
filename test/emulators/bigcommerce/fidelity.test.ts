import { expect } from 'chai';
import { type ShapeAllowances, shapeDiff } from '../../helpers/json-shape.ts';
import { SCENARIOS } from './fidelity-scenarios.ts';
import { fixtureNames, fixturesPresent, loadFixture } from './fixtures.ts';
import { startTest } from './helpers.ts';

/**
 * Every official example in ../shared/fixtures/bigcommerce, answered by the emulator with the same
 * status and JSON shape (shared/fixtures/README.md "Rule"; comparator in test/helpers/json-shape.ts).
 * Where two official examples of one object contradict each other, or an example leaves out keys its
 * own schema defines, the emulator follows the schema and the path is allowed here with its source.
 */
const ALLOWANCES: Record<string, ShapeAllowances> = {
  'v3-customers-list': {
    extra: {
      '$.data[].registration_ip_address': 'customers.v3.yml customer_Full defines it; the example omits it',
      '$.data[].id': 'customer_Full defines id; the example omits it',
      '$.data[].date_modified': 'customer_Full',
      '$.data[].date_created': 'customer_Full',
      '$.data[].address_count': 'customer_Full',
      '$.data[].attribute_count': 'customer_Full',
    },
  },
  'v3-refund-create': {
    extra: {
      '$.data.uses_merchant_override_values':
        'orders.v3.yml Refund schema and the refund GET example have it; the refunds.mdx create example does not',
    },
  },
  'v3-refund-get': {
    extra: { '$.data.items[].reason': 'orders.v3.yml RefundItem and the refunds.mdx create example have it' },
    retyped: {
      '$.data.items[].requested_amount':
        'Refund schema: requested_amount is an Amount (number), as in the refunds.mdx create example; this one shows null',
    },
  },
};

/** Several examples show array elements that differ (a line with options and a bundled one, two fee spellings). */
const allowFor = (name: string): ShapeAllowances => ({ ...ALLOWANCES[name], anyElement: true });

const mediaType = (ct: string | undefined): string => (ct ?? '').split(';')[0]?.trim() ?? '';

describe('BigCommerce emulator fidelity: official examples answered alike', () => {
  if (!fixturesPresent()) {
    it('skips: ../shared/fixtures/bigcommerce is absent');
    return;
  }
  for (const name of fixtureNames()) {
    it(name, async () => {
      const fixture = loadFixture(name);
      const scenario = SCENARIOS[name];
      if (!scenario) throw new Error(`no equivalent exchange is defined for the fixture ${name}`);
      const t = await startTest();
      try {
        const got = await scenario(t);
        expect(got.status, JSON.stringify(got.body)?.slice(0, 400)).to.equal(fixture.status);
        const documented = name.startsWith('webhook-') ? fixture.request : fixture.response;
        const diffs = shapeDiff(documented, got.body, allowFor(name));
        expect(diffs, JSON.stringify(got.body).slice(0, 600)).to.deep.equal([]);
        if (got.contentType !== undefined) {
          const problem = name === 'v3-inventory-relative-422';
          expect(mediaType(got.contentType)).to.equal(problem ? 'application/problem+json' : 'application/json');
        }
        if (name === 'v3-inventory-relative-422') {
          const title = (got.body as { title: string }).title.replace(/\d+/g, 'N');
          expect(title).to.equal((fixture.response as { title: string }).title.replace(/\d+/g, 'N'));
        }
      } finally {
        await t.close();
      }
    });
  }

  it('lists only differences that still occur (a fixed one must leave the list)', async () => {
    for (const [name, allowed] of Object.entries(ALLOWANCES)) {
      const scenario = SCENARIOS[name];
      if (!scenario || !fixtureNames().includes(name)) continue;
      const t = await startTest();
      try {
        const diffs = shapeDiff(loadFixture(name).response, (await scenario(t)).body, { anyElement: true });
        for (const p of Object.keys({ ...allowed.extra, ...allowed.retyped })) {
          expect(
            diffs.some((d) => d.startsWith(`${p}: `)),
            `${name}: ${p}`,
          ).to.equal(true);
        }
      } finally {
        await t.close();
      }
    }
  });
});
