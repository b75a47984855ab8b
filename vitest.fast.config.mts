// `npm run test:fast`: the unit tests that need neither the built app nor a browser, on pure JS,
// for the edit-test loop (well under a minute on two cores). `npm test` runs everything, these
// included, plus the slow unit tests left out here (the training-loop and importer fuzz suites).
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    include: ['test/unit/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/unit/packaging/**', 'test/unit/training/core/train-loop.test.ts', 'test/unit/datasets/import-fuzz.test.ts'],
    env: { DISTILL_STUDIO_BACKEND: 'cpu' },
  },
});
