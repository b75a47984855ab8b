// The project's own kernels for the native 'tensorflow' backend, registered over tfjs-node's once
// its backend is loaded (by an install of setup-backend or by the npm packages).
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
