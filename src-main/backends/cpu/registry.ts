// Swaps faster kernels into the pure-JS `cpu` backend of tfjs, and back. The kernel registry is
// global, keyed by (kernel name, backend name): registering replaces what every op and every
// gradient dispatches to, while the gradient formulas stay tfjs' own. The stock kernel configs
// are kept, so tests and benchmarks can compute the same thing both ways in one process
// (restore → compute → register → compute), and each fast kernel falls back to its stock
// kernel for the cases it does not cover.
import { getKernel, type KernelConfig, type KernelFunc, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import { fastMean, fastSum } from './axis-reduce';
import { fastBatchMatMul, fastFusedMatMul } from './batch-matmul';
import { fastBatchNorm } from './batch-norm';
import { fastAdd, fastMultiply, fastRealDiv, fastSub } from './binary-kernels';
import { fastConv2D, fastConv2DBackpropFilter, fastConv2DBackpropInput, fastFusedConv2D } from './conv-kernels';
import { fastAbs, fastExp, fastGreater, fastMaximum, fastMinimum, fastNeg, fastPow, fastRsqrt, fastSquare, fastSquaredDifference } from './elementwise-math';
import { fastMaxPool, fastMaxPoolGrad } from './max-pool';
import { fastPadV2, fastSlice, fastSplitV } from './slice-pad';
import { fastTile } from './tile';
import { fastTranspose } from './transpose';
import { SUM_OF_SQUARES_KERNEL, sumOfSquaresKernel } from './sum-of-squares';
import { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL, batchNormTrainGradKernel, batchNormTrainKernel } from './batch-norm-train';
import { fastRelu, fastStep, RELU_GRAD_KERNEL, reluGradKernel } from './unary-kernels';
import { ADAM_UPDATE_KERNEL, adamUpdateKernel, SGD_UPDATE_KERNEL, sgdUpdateKernel } from './optimizer-updates';

const BACKEND = 'cpu';

/** Kernel name → factory of the fast kernel, given the stock kernel to fall back to. */
const FAST_KERNELS: Record<string, (stock: KernelFunc) => KernelFunc> = {
  Conv2D: fastConv2D,
  FusedConv2D: fastFusedConv2D,
  Conv2DBackpropInput: fastConv2DBackpropInput,
  Conv2DBackpropFilter: fastConv2DBackpropFilter,
  // Batch-norm arithmetic (forward moments, and its gradient) once the convolutions are fast.
  Add: fastAdd,
  Sub: fastSub,
  Multiply: fastMultiply,
  RealDiv: fastRealDiv,
  Sum: fastSum,
  Mean: fastMean,
  Tile: fastTile,
  // Max pooling (the small MNIST CNN): its gradient is the next bottleneck there.
  MaxPool: fastMaxPool,
  MaxPoolGrad: fastMaxPoolGrad,
  // Activations and ReLU's gradient mask, run on every activation tensor.
  Relu: fastRelu,
  Step: fastStep,
  // Explicit zero padding before stride-2 convs (model zoo) and its gradient, a strided slice.
  PadV2: fastPadV2,
  Slice: fastSlice,
  SplitV: fastSplitV,
  // Distillation terms: NST's kernel matrices (X̂ᵀŶ) and their gradients, dense-layer gradients;
  // the element-wise math of AT, NST, the hint and their gradients.
  BatchMatMul: fastBatchMatMul,
  _FusedMatMul: fastFusedMatMul,
  Square: fastSquare,
  Exp: fastExp,
  Neg: fastNeg,
  Rsqrt: fastRsqrt,
  Abs: fastAbs,
  Pow: fastPow,
  Maximum: fastMaximum,
  Minimum: fastMinimum,
  SquaredDifference: fastSquaredDifference,
  Greater: fastGreater,
  Transpose: fastTranspose,
  // BatchNormalization layers (the model zoo, FitNet adapters), forward in training and inference.
  FusedBatchNorm: fastBatchNorm,
};

/**
 * Kernels the cpu backend has no stock version of, for this project's own ops (an op runs its
 * kernel when the active backend registered one and composes stock ops otherwise).
 */
const ADDED_KERNELS: Record<string, KernelFunc> = {
  // AT's attention maps and the normalisations' channel norms in one pass (losses/sum-of-squares.ts).
  [SUM_OF_SQUARES_KERNEL]: sumOfSquaresKernel,
  // Batch norm in training mode, one kernel each way, instead of ~20 element-wise passes (models/batch-norm-train.ts).
  [BN_TRAIN_KERNEL]: batchNormTrainKernel,
  [BN_TRAIN_GRAD_KERNEL]: batchNormTrainGradKernel,
  // ReLU's gradient in one pass instead of step, cast and multiply (models/relu-grad.ts).
  [RELU_GRAD_KERNEL]: reluGradKernel,
  // SGD and Adam updates in one pass per variable instead of 6 and 12 element-wise ops (optimizer-kernels.ts).
  [SGD_UPDATE_KERNEL]: sgdUpdateKernel,
  [ADAM_UPDATE_KERNEL]: adamUpdateKernel,
};

export const FAST_CPU_KERNEL_NAMES: readonly string[] = Object.keys(FAST_KERNELS);
export const ADDED_CPU_KERNEL_NAMES: readonly string[] = Object.keys(ADDED_KERNELS);

/** Stock configs of the kernels currently replaced; empty when the stock kernels are active. */
const replaced = new Map<string, KernelConfig>();
/** Added kernels currently registered. */
const added = new Set<string>();

/**
 * Register the fast kernels for the `cpu` backend (all replaced and added ones, or only `names`).
 * Idempotent. Returns the names now running a fast implementation.
 */
export function registerFastCpuKernels(names: readonly string[] = [...FAST_CPU_KERNEL_NAMES, ...ADDED_CPU_KERNEL_NAMES]): string[] {
  const cpuLoaded = Boolean(getKernel('Add', BACKEND)); // else there is nothing to speed up in this process
  for (const name of names) {
    if (Object.hasOwn(ADDED_KERNELS, name)) {
      const kernelFunc = ADDED_KERNELS[name]!;
      if (cpuLoaded && !added.has(name) && !getKernel(name, BACKEND)) {
        registerKernel({ kernelName: name, backendName: BACKEND, kernelFunc });
        added.add(name);
      }
      continue;
    }
    const make = FAST_KERNELS[name];
    if (!make || replaced.has(name)) continue;
    const stock = getKernel(name, BACKEND);
    if (!stock) continue;
    replaced.set(name, stock);
    unregisterKernel(name, BACKEND);
    registerKernel({ kernelName: name, backendName: BACKEND, kernelFunc: make(stock.kernelFunc) });
  }
  return activeFastCpuKernels();
}

/** Put the stock kernels back (all replaced ones) and remove the added ones. Idempotent. */
export function restoreStockCpuKernels(): void {
  for (const [name, stock] of replaced) {
    unregisterKernel(name, BACKEND);
    registerKernel(stock);
  }
  replaced.clear();
  for (const name of added) unregisterKernel(name, BACKEND);
  added.clear();
}

/** Names of the kernels currently replaced by fast ones, then the added ones registered. */
export function activeFastCpuKernels(): string[] {
  return [...replaced.keys(), ...added];
}
