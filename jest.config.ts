import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done once by `tsc` in `npm test`; per-file transpilation keeps jest fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // End-to-end tests start real servers and subprocesses: give them room on a loaded 2-core machine.
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
