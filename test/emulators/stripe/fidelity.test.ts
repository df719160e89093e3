import { expect } from 'chai';
import { shapeDiff, unusedExtras } from '../../helpers/json-shape.ts';
import { fixtureNames, fixturesPresent, loadFixture } from '../../helpers/shared-fixtures.ts';
import { SCENARIOS } from './fidelity-scenarios.ts';
import { client, raw, start } from './helpers.ts';

/**
 * Every object in ../shared/fixtures/stripe (the OpenAPI fixtures stripe-mock serves) retrieved from
 * the emulator after the equivalent calls: the same status and JSON shape. The fixtures are generator
 * output, so where one holds a placeholder for a field the SDK types as `T | null` (an object where
 * the state has none, null where it has a value), the path is listed with that reason; every other
 * key, nesting and type must match.
 */

describe('Stripe emulator fidelity: the OpenAPI fixtures', () => {
  if (!fixturesPresent('stripe')) {
    it('skips: ../shared/fixtures/stripe is absent');
    return;
  }
  for (const name of fixtureNames('stripe')) {
    it(name, async () => {
      const scenario = SCENARIOS[name];
      if (!scenario) throw new Error(`no scenario for fixture ${name}: add one`);
      const fx = loadFixture('stripe', name);
      const emu = await start({
        seedDemo: false,
        accountCurrency: 'usd',
        accountCountry: 'US',
        cardFee: { percent: 0, fixed: 0 },
        ...(scenario.version ? { accountApiVersion: scenario.version } : {}),
      });
      try {
        const path = await scenario.run(emu, client(emu));
        const got = await raw(emu, 'GET', path);
        expect(got.status, JSON.stringify(got.json).slice(0, 300)).to.equal(fx.status);
        expect(shapeDiff(fx.response, got.json, scenario.allow)).to.deep.equal([]);
        expect(unusedExtras(got.json, scenario.allow ?? {}), 'allowances that hide nothing').to.deep.equal([]);
      } finally {
        await emu.close();
      }
    });
  }
});
