/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/services', '<rootDir>/shared', '<rootDir>/infra', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/test/bench/'],
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // ulid and jose ship ESM only: let swc turn them into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(ulid|jose)/)'],
  setupFiles: ['<rootDir>/test/support/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/cpu-report.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  // A hook or test waits at most two minutes: CI machines run this suite about 1.5× slower.
  testTimeout: 120000,
  // Three workers on CI's two cores: the suite is CPU-bound, but a worker waiting on a stack's
  // events or a browser leaves a core idle (about an eighth of the run with two).
  maxWorkers: 3,
};
