import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs no services; `integration` gets a real Temporal and
// MongoDB-wire server from the global setup (started, or reused via env).
export default defineConfig({
  test: {
    // Stopping the real servers after the integration project may take several seconds on a busy machine.
    teardownTimeout: 60_000,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['*.test.ts', '{domain,llm,verify,admin,api,mcp,activities,store,services,workflows,worker,scripts,bench,ci}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/fixtures/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', '**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/fixtures/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
