// The project's own kernels for the native 'tensorflow' backend, registered over tfjs-node's once
// its backend is loaded (by an install of setup-backend or by the npm packages), and the compiled
// training steps the worker runs on it.
import * as tf from '@tensorflow/tfjs';
import { NativeStepGraphs } from './graph-step';
import { nodeBackend } from './node-backend';
import { registerNativeBatchNormKernels } from './batch-norm-train';
import { registerNativeMaxPoolGradKernel } from './max-pool-grad';
import { registerNativeReluGradKernel } from './relu-grad';
import { registerNativeStepKernel } from './step';

/**
 * Registers every kernel of this folder for the 'tensorflow' backend (idempotent). TensorFlow's
 * intra-op pool size is read from TF_NUM_INTRAOP_THREADS, which the worker sets before the
 * library loads (training/worker/native-backend.ts).
 */
export function registerNativeKernels(): void {
  registerNativeBatchNormKernels();
  registerNativeStepKernel();
  registerNativeReluGradKernel();
  if (Number(process.env.TF_NUM_INTRAOP_THREADS) === 1) registerNativeMaxPoolGradKernel();
}

/**
 * Whole training steps as TensorFlow graphs (graph-step.ts) for the active 'tensorflow' backend,
 * or null where steps stay op by op: on a GPU (a session would copy the eager tensors it is fed
 * through host memory) and when DISTILL_STUDIO_GRAPH_STEPS=0 asks for eager steps.
 */
export function nativeStepGraphs(env: NodeJS.ProcessEnv = process.env, maxGraphs?: number): NativeStepGraphs | null {
  const backend = nodeBackend(tf.backend());
  if (tf.getBackend() !== 'tensorflow' || backend.isUsingGpuDevice || env.DISTILL_STUDIO_GRAPH_STEPS === '0') return null;
  return new NativeStepGraphs(backend, maxGraphs);
}
