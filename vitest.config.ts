import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Native tree-sitter bindings are not safe to share across vitest's worker threads.
    pool: 'forks',
    testTimeout: 30_000,
  },
});
