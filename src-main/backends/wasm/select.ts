// Chooses the float32 gemm engine of the fast cpu kernels from the environment:
//   DISTILL_STUDIO_KERNELS=wasm (default)  WebAssembly SIMD, relaxed FMA when the engine has it
//   DISTILL_STUDIO_KERNELS=js              the JS gemm (comparisons, debugging)
//   DISTILL_STUDIO_GEMM_THREADS=n          split each large WebAssembly product over n threads
//                                          (default: every core; gemm-threads.ts stops splitting
//                                          while other processes keep the cores busy, e.g. several
//                                          trainings at once, and starts again when they are free)
// and says why, for the worker's backend description. Falls back to JS without WebAssembly SIMD.
import { availableParallelism } from 'node:os';
import { loadWasmGemm, supportedVariant, type WasmGemm } from './wasm-gemm';

export interface GemmChoice {
  engine: WasmGemm | null;
  reason: string;
}

export function chooseGemmEngine(env: Record<string, string | undefined>): GemmChoice {
  const mode = env.DISTILL_STUDIO_KERNELS ?? 'wasm';
  if (mode === 'js') return { engine: null, reason: 'JS gemm (DISTILL_STUDIO_KERNELS=js)' };
  if (mode !== 'wasm') throw new Error(`DISTILL_STUDIO_KERNELS must be 'js' or 'wasm', not '${mode}'`);
  const variant = supportedVariant();
  if (!variant) return { engine: null, reason: 'JS gemm (this JavaScript engine has no WebAssembly SIMD)' };
  const threads = Number(env.DISTILL_STUDIO_GEMM_THREADS ?? String(Math.min(availableParallelism(), 64)));
  if (!Number.isInteger(threads) || threads < 1 || threads > 64)
    throw new Error(`DISTILL_STUDIO_GEMM_THREADS must be an integer from 1 to 64, not '${env.DISTILL_STUDIO_GEMM_THREADS}'`);
  const engine = loadWasmGemm(variant, threads)!;
  return { engine, reason: `${engine.name} gemm` };
}
