// TEST_SPEC narrows a run (mocha appends command-line files to a configured spec instead of replacing it).
module.exports = {
  extension: ['ts'],
  spec: process.env.TEST_SPEC ? process.env.TEST_SPEC.split(',') : ['test/**/*.test.ts'],
  require: ['test/setup.ts'],
  timeout: 30000,
  exit: true,
  // Two files at a time (each has its own database); TEST_JOBS=1 runs them one by one.
  parallel: process.env.TEST_JOBS !== '1',
  jobs: Number(process.env.TEST_JOBS ?? 2),
};
