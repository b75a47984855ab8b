// Fast kernels for tfjs' pure-JS `cpu` backend (the fallback when neither tfjs-node-gpu nor
// tfjs-node loads). Call registerFastCpuKernels() once after the cpu backend is selected;
// restoreStockCpuKernels() puts tfjs' own kernels back (tests, benchmarks).
export { activeFastCpuKernels, ADDED_CPU_KERNEL_NAMES, FAST_CPU_KERNEL_NAMES, registerFastCpuKernels, restoreStockCpuKernels } from './registry';
export { type GemmEngine, gemmEngine, setGemmEngine } from './gemm-engine';
