import { expect } from 'chai';
import type { SourceRef } from '../../src/core/documents.ts';
import { DEFAULT_SETTINGS } from '../../src/core/settings.ts';
import { type RoutingRule, saveRoutingRules } from '../../src/db/routing.repo.ts';
import { NeedsAttentionError } from '../../src/sink/attention.ts';
import { type RoutingFacts, routeTenant } from '../../src/sink/routing.ts';
import { parseRules } from '../../src/web/routes/routing-text.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * Which Fortnox company a document goes to: rules in order (first match wins), then the default
 * company, then the only connected one — and a plain "needs attention" instead of a guess.
 */

const WORDS = { document: 'order', customer: 'customer', line: 'line' };
const source: SourceRef = { system: 'bigcommerce', connection: 'eu-store', object: 'order', id: '1042' };
const facts = (over: Partial<RoutingFacts> = {}): RoutingFacts => ({
  source,
  country: 'DE',
  currency: 'EUR',
  fields: { channel: '2' },
  ...over,
});

describe('routing to Fortnox companies', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    for (const [tenant, state] of [
      ['1001', 'active'],
      ['1002', 'active'],
      ['1003', 'active'],
      ['1009', 'revoked'],
    ])
      await db.pool.query(`INSERT INTO connections (tenant_id, kind, state) VALUES ($1, 'authorization_code', $2)`, [
        tenant,
        state,
      ]);
  });
  after(async () => db.drop());
  afterEach(async () => saveRoutingRules(db.pool, []));

  const route = (over: Partial<RoutingFacts> = {}, settings = DEFAULT_SETTINGS) =>
    routeTenant(db.pool, settings, facts(over), WORDS);
  const rules = async (text: string): Promise<RoutingRule[]> => {
    const parsed = parseRules(text);
    expect(parsed.problems).to.deep.equal([]);
    await saveRoutingRules(db.pool, parsed.rules);
    return parsed.rules;
  };

  it('takes the first rule whose every condition holds, in order', async () => {
    await rules(['currency=EUR country=SE → 1001', 'currency=EUR → 1002', 'system=bigcommerce → 1003'].join('\n'));
    expect(await route()).to.equal('1002');
    expect(await route({ country: 'SE' })).to.equal('1001');
    expect(await route({ currency: 'SEK' })).to.equal('1003');
    await rules('field:channel=2 → 1003\ncurrency=EUR → 1002');
    expect(await route()).to.equal('1003');
  });

  it('falls back to the default company, and says plainly when there is neither a match nor a default', async () => {
    await rules('connection=us-store → 1001');
    expect(await route({}, { ...DEFAULT_SETTINGS, defaultTenantId: '1002' })).to.equal('1002');
    const error = await route().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NeedsAttentionError);
    expect((error as NeedsAttentionError).code).to.equal('tenant_ambiguous');
    expect((error as NeedsAttentionError).userMessage).to.contain(
      'No Fortnox company is chosen for this order: several are connected and no routing rule matches',
    );
  });

  it('refuses a chosen company that is not connected (or revoked), naming why it was chosen', async () => {
    await rules('country=DE → 1009\ncountry=NO → 4711');
    const revoked = (await route().catch((e: unknown) => e)) as NeedsAttentionError;
    expect(revoked.code).to.equal('fortnox_connection_revoked');
    expect(revoked.userMessage).to.contain('tenant 1009 (routing rule 1) was revoked');
    const missing = (await route({ country: 'NO' }).catch((e: unknown) => e)) as NeedsAttentionError;
    expect(missing.code).to.equal('fortnox_not_connected');
    expect(missing.userMessage).to.contain('Fortnox company 4711 (routing rule 2) is not connected');
  });

  it('names every bad line of the rules editor', () => {
    const { problems } = parseRules(
      ['country=Germany → 1002', 'currency=EUR 1002', 'colour=blue → 1002', '→ 1002'].join('\n'),
    );
    expect(problems).to.have.length(4);
    expect(problems[0]).to.match(/^Routing rule line 1: a two-letter country code/);
    expect(problems[1]).to.match(/^Routing rule line 2: write the conditions, an arrow/);
    expect(problems[2]).to.contain('“colour=blue” is not a condition');
    expect(problems[3]).to.contain('at least one condition');
  });
});
