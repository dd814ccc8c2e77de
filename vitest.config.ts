import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/build/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
