import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's components are rendered in unit tests (react-dom/server); there is no root
  // tsconfig.json for esbuild to read `jsx: react-jsx` from, so say it here.
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/build/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
