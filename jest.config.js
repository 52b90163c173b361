/** Four layers: pure unit tests, workflow tests on one real Temporal dev server, HTTP tests with supertest. */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

module.exports = {
  // testTimeout is a global option: per-project values are ignored by jest 30.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/workflows/setup-runtime.ts'],
      globalSetup: '<rootDir>/test/workflows/global-setup.ts',
      globalTeardown: '<rootDir>/test/workflows/global-teardown.ts',
    },
    { ...common, displayName: 'web', testMatch: ['<rootDir>/test/web/**/*.test.ts'] },
    {
      ...common,
      displayName: 'database',
      testMatch: ['<rootDir>/test/db/**/*.test.ts'],
      globalSetup: '<rootDir>/test/db/global-setup.ts',
      globalTeardown: '<rootDir>/test/db/global-teardown.ts',
    },
  ],
};
