import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'agent-console/src/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts', 'test/helpers/build-frontends.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // expect.poll waits for a condition; a busy machine may need more than the 1 s default.
    expect: { poll: { timeout: 15_000 } },
  },
});
