// sfdx-lwc-jest's own configuration, plus the real English custom labels (see jest/custom-labels.cjs).
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  testRegex: '/__tests__/.*\\.test\\.js$',
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), '<rootDir>/jest/custom-labels.cjs'],
};
