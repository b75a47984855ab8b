// The backend the engine tests run on: pure-JS 'cpu' by default; the native TensorFlow built by
// `npm run setup:native` when DISTILL_STUDIO_TEST_BACKEND=tensorflow, which the 'native' project
// of vitest.config.mts sets for the files it re-runs. Loads native the way a worker does
// (src-main/training/worker/native-backend.ts), into the tfjs these tests import, with its training
// steps run as TensorFlow graphs (backends/tensorflow/graph-step.ts) as in a worker.
import * as tf from '@tensorflow/tfjs';
import { nativeStepGraphs } from '../../src-main/backends/tensorflow';
import { setStepGraphs } from '../../src-main/training/core/step-graphs';
import { activeInstall } from '../../src-main/backends/native-setup/install-layout';
import { applyNativeEnv, registerNativeBackend } from '../../src-main/training/worker/native-backend';

export type TestBackend = 'cpu' | 'tensorflow';

export const TEST_BACKEND: TestBackend = process.env.DISTILL_STUDIO_TEST_BACKEND === 'tensorflow' ? 'tensorflow' : 'cpu';

/** Registers the native backend once per process (tfjs-node cannot load twice). */
export function registerNativeForTests(): void {
  if (tf.findBackendFactory('tensorflow')) return;
  const install = activeInstall('cpu') ?? activeInstall('gpu');
  if (!install) throw new Error('DISTILL_STUDIO_TEST_BACKEND=tensorflow but no native backend is installed: run `npm run setup:native`');
  applyNativeEnv();
  registerNativeBackend(tf, install.dir);
}

/** Switches this process to the test backend (call from beforeAll). */
export async function selectTestBackend(name: TestBackend = TEST_BACKEND): Promise<void> {
  if (name === 'tensorflow') registerNativeForTests();
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  await tf.ready();
  // as a worker does (training/worker/prepare-backend.ts): on native, training steps become graphs
  setStepGraphs(name === 'tensorflow' ? nativeStepGraphs() : null);
}
