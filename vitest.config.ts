import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Generous timeouts: a loaded 2-core CI machine must not fail a correct test (no test here times
  // anything: speed is checked by npm run bench and the budgets).
  test: { include: ['tests/unit/**/*.test.ts', 'tests/worker/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
