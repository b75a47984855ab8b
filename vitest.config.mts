// Test runner configuration: unit, integration and e2e suites all run under `npm test`. When the
// native TensorFlow backend is installed (`npm run setup:native`), a second project re-runs the
// engine tests on it (DISTILL_STUDIO_TEST_BACKEND=tensorflow, see test/helpers/test-backend.ts)
// plus test/native/; without it those are skipped and the run says how to enable them.
import { configDefaults, defineConfig } from 'vitest/config';
import { activeInstall } from './src-main/backends/native-setup/install-layout';

/** Engine tests whose expectations hold on any backend: run on pure JS and again on native. */
const ON_BOTH_BACKENDS = ['test/unit/training/core/losses/*.test.ts', 'test/unit/training/core/models/*.test.ts', 'test/unit/training/core/*.test.ts'];

const native = activeInstall('cpu') ?? activeInstall('gpu');
if (!native) {
  console.warn(
    '\nnative backend tests skipped: no native TensorFlow installed. ' +
      'Run `npm run setup:native` (about 250 MB download) to run the engine tests on it too.\n',
  );
}

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/native/**'],
          // workers spawned here stay on pure JS whatever is installed; the native project covers native
          env: { DISTILL_STUDIO_BACKEND: 'cpu' },
        },
      },
      ...(native
        ? [
            {
              extends: true,
              test: {
                name: `native (TF ${native.manifest.tfVersion})`,
                include: [...ON_BOTH_BACKENDS, 'test/native/**/*.test.ts'],
                env: { DISTILL_STUDIO_TEST_BACKEND: 'tensorflow' },
              },
            },
          ]
        : []),
    ],
  },
});
