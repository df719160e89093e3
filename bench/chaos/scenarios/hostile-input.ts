import fc from 'fast-check';
import { newTally, PROPERTIES } from '../../../test/chaos/properties.ts';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../scenario.ts';

/**
 * The hostile-input properties of test/chaos/documents.test.ts with many more runs and the run's
 * seed: every random sales document, shop order, credit and voucher ends as a valid Fortnox payload
 * whose totals match, or a plain-words message. A failure names the property, the seed and the
 * shrunk counter-example, so `FC_SEED=<seed>` replays it in the test.
 */

async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const numRuns = options.quick ? 1_000 : 10_000;
  const figures: ScenarioResult['figures'] = { seed: options.seed, runsPerProperty: numRuns };
  const failures: string[] = [];
  let expected = 0;
  let created = 0;
  const started = Date.now();
  for (const [name, make] of Object.entries(PROPERTIES)) {
    const tally = newTally();
    const result = fc.check(make(tally), { numRuns, seed: options.seed });
    expected += result.numRuns;
    created += tally.payload;
    figures[`${name}: payloads`] = tally.payload;
    figures[`${name}: needs attention`] = tally.attention;
    if (result.failed)
      failures.push(
        `${name}: ${String(result.errorInstance).slice(0, 300)} (seed ${options.seed}, counter-example ${fc.stringify(result.counterexample).slice(0, 300)})`,
      );
  }
  figures.seconds = Math.round((Date.now() - started) / 100) / 10;
  // Every run ends in a payload or a message: an input with neither is "missing".
  return {
    name: 'hostile-input',
    expected,
    created,
    duplicated: 0,
    missing: failures.length,
    writebacksWrong: 0,
    secretsFound: 0,
    figures,
    failures,
  };
}

export const scenario: Scenario = { name: 'hostile-input', run };
