import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['apps/server/**/*.test.ts', 'packages/contract/**/*.test.ts'],
    globalSetup: ['apps/server/test/global-setup.ts'],
    pool: 'forks',
    // Two cores: two test files at a time, each in its own database cloned from the template.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
