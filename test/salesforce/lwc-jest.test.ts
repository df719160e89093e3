// The fortnoxInvoice component's own tests run under sfdx-lwc-jest (jest + the LWC engine +
// Salesforce's stubs for lightning/*), which is not mocha. Running it as a child process keeps
// `npm test` the one command, and TEST_SPEC narrowing works as for every other test file.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { expect } from 'chai';
import { z } from 'zod';
import { SALESFORCE_DIR } from './metadata.ts';

const SFDX_LWC_JEST = new URL('../../node_modules/@salesforce/sfdx-lwc-jest/bin/sfdx-lwc-jest', import.meta.url)
  .pathname;

const jestReport = z.object({
  success: z.boolean(),
  numTotalTests: z.number(),
  numFailedTests: z.number(),
  testResults: z.array(z.object({ name: z.string(), status: z.string() })),
});

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SFDX_LWC_JEST, ...args], {
      // sfdx-lwc-jest finds the project (sfdx-project.json) in its working directory.
      cwd: SALESFORCE_DIR,
      // It starts jest with `node` from PATH: make that the Node running this test, not the machine's.
      env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('salesforce/: the fortnoxInvoice component under sfdx-lwc-jest', function () {
  // A cold jest run transforms the LWC engine and stubs first; on two busy cores that takes a while.
  this.timeout(180_000);

  let reportDir: string;
  before(() => {
    reportDir = mkdtempSync(join(tmpdir(), 'fortnox-lwc-jest-'));
  });
  after(() => rmSync(reportDir, { recursive: true, force: true }));

  it('passes every jest test of the component', async () => {
    const reportFile = join(reportDir, 'report.json');
    const { code, output } = await run(['--', '--ci', '--json', `--outputFile=${reportFile}`]);
    if (code !== 0) expect.fail(`sfdx-lwc-jest exited with ${code}:\n${output}`);
    const report = jestReport.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(report.success).to.equal(true);
    expect(report.numFailedTests).to.equal(0);
    expect(report.numTotalTests).to.be.greaterThan(15);
    const suites = report.testResults.map((suite) => suite.name.slice(suite.name.lastIndexOf('/') + 1)).sort();
    expect(suites).to.deep.equal(['fortnoxInvoice.test.js', 'fortnoxInvoiceRetry.test.js']);
  });
});
