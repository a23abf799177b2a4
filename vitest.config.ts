import { defineConfig } from 'vitest/config'

// Three projects so a developer can run just one (`vitest run --project unit`);
// the README's test command runs all of them.
export default defineConfig({
  // Workspaces are imported from their TypeScript sources in tests (see protocol/package.json).
  resolve: { conditions: ['parley-source'] },
  ssr: { resolve: { conditions: ['parley-source'], externalConditions: ['parley-source'] } },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['protocol/src/**/*.test.ts', 'relay/src/**/*.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['relay/test/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['web/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
