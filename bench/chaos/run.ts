import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gitCommit, machine } from '../environment.ts';
import { passed, type Scenario, type ScenarioOptions, type ScenarioResult } from './scenario.ts';
import { stopSharedChaosStack } from './stack.ts';

/**
 * `npm run chaos [-- --quick] [--seed N] [--deals N] [--kills N] [--minutes N] [--web-down S] [--only a,b]`: runs
 * every scenario in bench/chaos/scenarios/ (each file exporting `scenario`) in file order, prints
 * one line per scenario, writes bench/results/chaos.json with the seed (so a failing run can be
 * replayed with `--seed`) and exits non-zero when any scenario failed.
 */

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seed: { type: 'string' },
    deals: { type: 'string' },
    kills: { type: 'string' },
    minutes: { type: 'string' },
    'web-down': { type: 'string' },
    only: { type: 'string' },
  },
});

const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const number = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
const root = path.resolve(import.meta.dirname, '../..');
const workDir = path.join(root, '.data', `chaos-${process.pid}`);
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const options: ScenarioOptions = {
  seed,
  quick: values.quick,
  workDir,
  ...Object.fromEntries(
    Object.entries({
      deals: number(values.deals),
      kills: number(values.kills),
      minutes: number(values.minutes),
      webDownSeconds: number(values['web-down']),
    }).filter(([, v]) => v !== undefined),
  ),
};
const only = values.only?.split(',').map((s) => s.trim());

const dir = path.join(import.meta.dirname, 'scenarios');
const scenarios: Scenario[] = [];
for (const file of readdirSync(dir).sort()) {
  if (!file.endsWith('.ts')) continue;
  const module = (await import(path.join(dir, file))) as { scenario?: Scenario };
  if (module.scenario !== undefined && (only === undefined || only.includes(module.scenario.name)))
    scenarios.push(module.scenario);
}

const line = (r: ScenarioResult, seconds: number): string => {
  const recovery =
    r.recoverySeconds === undefined ? '' : ` recovery ${r.recoverySeconds}s/${r.recoveryBoundSeconds ?? '?'}s`;
  const figures = Object.entries(r.figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return (
    `${passed(r) ? 'PASS' : 'FAIL'} ${r.name.padEnd(18)} expected ${r.expected} created ${r.created} ` +
    `duplicated ${r.duplicated} missing ${r.missing} writebacks-wrong ${r.writebacksWrong} secrets ${r.secretsFound}` +
    `${recovery} (${seconds}s) ${figures}${r.failures.length ? `\n     ${r.failures.join('\n     ')}` : ''}`
  );
};

process.stdout.write(
  `chaos: seed ${seed}${values.quick ? ', quick' : ''}; ${scenarios.length} scenarios; logs in ${workDir}\n`,
);
const results: (ScenarioResult & { seconds: number })[] = [];
for (const scenario of scenarios) {
  const started = performance.now();
  let result: ScenarioResult;
  try {
    result = await scenario.run({ ...options, workDir: path.join(workDir, scenario.name) });
  } catch (error) {
    result = {
      name: scenario.name,
      expected: 0,
      created: 0,
      duplicated: 0,
      missing: 0,
      writebacksWrong: 0,
      secretsFound: 0,
      figures: {},
      failures: [`the scenario threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
    };
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  results.push({ ...result, seconds });
  process.stdout.write(`${line(result, seconds)}\n`);
}
await stopSharedChaosStack();

const ok = results.every(passed);
const out = path.join(root, 'bench/results/chaos.json');
writeFileSync(
  out,
  `${JSON.stringify({ seed, quick: values.quick, passed: ok, results, commit: gitCommit(), machine: machine(), date: new Date().toISOString() }, null, 2)}\n`,
);
process.stdout.write(
  `chaos: ${ok ? 'all passed' : 'FAILED'} (seed ${seed}, replay: npm run chaos -- --seed ${seed}${values.quick ? ' --quick' : ''}); ${out}\n`,
);
process.exit(ok ? 0 : 1);
