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
  // Test files run in a worker process that is replaced once it holds more than this after a file: whatever a file
  // leaves behind (timers, native handles, its module registry) cannot pile up over 150 files in one process. With a
  // limit jest uses a worker even on 2 cores, where it would otherwise run every file inside its own process.
  workerIdleMemoryLimit: '1.5GB',
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
