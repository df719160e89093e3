import { expect } from 'chai';
import { shapeDiff, unusedExtras } from '../../helpers/json-shape.ts';
import { REPLAYS } from './fidelity-replays.ts';
import { fixtureNames, fixturesPresent, loadFixture } from './fixtures.ts';
import { startCt } from './helpers.ts';

/**
 * Every official example in ../shared/fixtures/commercetools: the emulator answers the equivalent
 * request with the same status and the same JSON shape; queue deliveries (subscriptions) have the
 * shape of the example payload.
 */
describe('commercetools emulator fidelity: official examples', () => {
  if (!fixturesPresent()) {
    it('skips: ../shared/fixtures/commercetools is absent');
    return;
  }
  for (const name of fixtureNames()) {
    it(name, async () => {
      const replay = REPLAYS[name];
      expect(replay, `no replay written for fixture ${name}`).to.be.a('function');
      const fixture = loadFixture(name);
      const t = await startCt({
        seedDemo: false,
        clients: [{ id: 'demo-client', secret: 'demo-secret', scopes: ['manage_project:demo-project'] }],
      });
      try {
        const r = await (replay as NonNullable<typeof replay>)(t, fixture);
        const delivery = fixture.status === null;
        if (!delivery) expect(r.got.status, r.got.text.slice(0, 500)).to.equal(fixture.status);
        const expected = delivery ? fixture.request : fixture.response;
        const actual = delivery ? r.actual : r.got.json;
        expect(actual, 'nothing to compare').to.not.equal(undefined);
        expect(shapeDiff(expected, actual, r.rules)).to.deep.equal([]);
        expect(unusedExtras(actual, r.rules ?? {}), 'allowed extras that never occur').to.deep.equal([]);
      } finally {
        await t.close();
      }
    });
  }
});
