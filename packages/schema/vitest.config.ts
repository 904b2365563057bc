import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Property and hostile-input tests run hundreds of parses; each still asserts its own budget.
    testTimeout: 60_000,
  },
});
