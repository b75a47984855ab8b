// The project's own kernels for the native 'tensorflow' backend, registered over tfjs-node's once
// its backend is loaded (by an install of setup-backend or by the npm packages).
import { registerNativeBatchNormKernels } from './batch-norm-train';
import { registerNativeReluGradKernel } from './relu-grad';
import { registerNativeStepKernel } from './step';

/** Registers every kernel of this folder for the 'tensorflow' backend (idempotent). */
export function registerNativeKernels(): void {
  registerNativeBatchNormKernels();
  registerNativeStepKernel();
  registerNativeReluGradKernel();
}
