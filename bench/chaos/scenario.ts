/**
 * What every fault scenario of `npm run chaos` reports. The runner (bench/chaos/run.ts) prints one
 * line per scenario and writes them all to bench/results/chaos.json; a scenario passes only when
 * nothing is duplicated, missing or written back wrong, and no secret leaked.
 */
export interface ScenarioResult {
  name: string;
  /** Documents (invoices, credits, payments, vouchers) the source side asked for. */
  expected: number;
  created: number;
  duplicated: number;
  missing: number;
  writebacksWrong: number;
  secretsFound: number;
  /** From the last injected fault to the last document, and the bound it must stay under. */
  recoverySeconds?: number;
  recoveryBoundSeconds?: number;
  /** Scenario-specific figures (kills, kills during a POST, 429s seen …). */
  figures: Record<string, number | string | boolean>;
  /** Plain-words reasons for a failure; empty when it passed. */
  failures: string[];
}

export interface ScenarioOptions {
  seed: number;
  quick: boolean;
  /** Where the scenario may write logs and scratch files. */
  workDir: string;
  /** Size overrides from the command line (`--deals`, `--kills`, `--minutes`, `--web-down`); each scenario reads what applies. */
  deals?: number;
  kills?: number;
  minutes?: number;
  /** How long the web process stays down in webhook-sources (`--web-down`, seconds). */
  webDownSeconds?: number;
}

export interface Scenario {
  name: string;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}

export function passed(result: ScenarioResult): boolean {
  return (
    result.duplicated === 0 &&
    result.missing === 0 &&
    result.writebacksWrong === 0 &&
    result.secretsFound === 0 &&
    result.failures.length === 0 &&
    (result.recoverySeconds === undefined ||
      result.recoveryBoundSeconds === undefined ||
      result.recoverySeconds <= result.recoveryBoundSeconds)
  );
}
