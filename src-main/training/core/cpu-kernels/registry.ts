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
import {
  fastAbs, fastExp, fastGreater, fastMaximum, fastMinimum, fastNeg, fastPow, fastRsqrt, fastSquare, fastSquaredDifference,
} from './elementwise-math';
import { fastMaxPool, fastMaxPoolGrad } from './max-pool';
import { fastPadV2, fastSlice, fastSplitV } from './slice-pad';
import { fastTile } from './tile';
import { fastTranspose } from './transpose';
import { fastRelu, fastStep } from './unary-kernels';

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

export const FAST_CPU_KERNEL_NAMES: readonly string[] = Object.keys(FAST_KERNELS);

/** Stock configs of the kernels currently replaced; empty when the stock kernels are active. */
const replaced = new Map<string, KernelConfig>();

/**
 * Register the fast kernels for the `cpu` backend (all of them, or only `names`). Idempotent.
 * Returns the names now running the fast implementation.
 */
export function registerFastCpuKernels(names: readonly string[] = FAST_CPU_KERNEL_NAMES): string[] {
  for (const name of names) {
    const make = FAST_KERNELS[name];
    if (!make || replaced.has(name)) continue;
    const stock = getKernel(name, BACKEND);
    if (!stock) continue; // the cpu backend is not loaded in this process: nothing to speed up
    replaced.set(name, stock);
    unregisterKernel(name, BACKEND);
    registerKernel({ kernelName: name, backendName: BACKEND, kernelFunc: make(stock.kernelFunc) });
  }
  return [...replaced.keys()];
}

/** Put the stock kernels back (all replaced ones). Idempotent. */
export function restoreStockCpuKernels(): void {
  for (const [name, stock] of replaced) {
    unregisterKernel(name, BACKEND);
    registerKernel(stock);
  }
  replaced.clear();
}

/** Names of the kernels currently replaced by fast ones. */
export function activeFastCpuKernels(): string[] {
  return [...replaced.keys()];
}
