/** `npm run test:cluster` only (not part of `npm test`): the production topology, brought up and walked once. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  // Bringing the cluster up is in beforeAll: the build of the server, when not cached yet, happens there too.
  testTimeout: 900_000,
};
