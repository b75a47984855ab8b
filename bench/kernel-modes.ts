// The three ways the pure-JS cpu backend can run its products, switchable in one process so the
// benchmarks measure them side by side (interleaved, same load):
//   stock  tfjs' own kernels
//   js     the project's fast kernels on the JS gemm (float64 sums, 4×4 register blocks)
//   wasm   the same fast kernels with their products on the WebAssembly SIMD gemm
//   wasm2  the same on two threads (gemm-threads.ts): what a second core adds
// and the arithmetic rate behind them: GFLOP/s = 2 · multiply-adds / time, against one core's peak.
import { loadWasmGemm } from '../src-main/backends/wasm/wasm-gemm';
import { registerFastCpuKernels, restoreStockCpuKernels, setGemmEngine } from '../src-main/backends/cpu';

export type KernelMode = 'stock' | 'js' | 'wasm' | 'wasm2';

/**
 * Peak float32 rate of one core of the benchmark machine (AMD EPYC, AVX2): 2 FMA pipes × 8 lanes
 * × 2 flops × ~3.6 GHz ≈ 115 GFLOP/s. Single-threaded kernels are judged against this.
 */
export const PEAK_GFLOPS_PER_CORE = 115;

const wasm = loadWasmGemm();
const wasm2 = wasm ? loadWasmGemm(wasm.variant, 2) : null;

/** Name of the WebAssembly engine in use, or why there is none. */
export const wasmEngineName = wasm ? wasm.name : 'unavailable (no WebAssembly SIMD)';

/** The modes this process can run (wasm, wasm2 only with WebAssembly SIMD). */
export function availableModes(modes: readonly KernelMode[]): KernelMode[] {
  return modes.filter((m) => !m.startsWith('wasm') || wasm !== null);
}

export function useMode(mode: KernelMode): void {
  if (mode === 'stock') {
    restoreStockCpuKernels();
    setGemmEngine(null);
    return;
  }
  registerFastCpuKernels();
  setGemmEngine(mode === 'wasm' ? wasm : mode === 'wasm2' ? wasm2 : null);
}

/** GFLOP/s of `macs` multiply-adds in `ms` milliseconds. */
export function gflops(macs: number, ms: number): number {
  return ms > 0 ? Number(((2 * macs) / (ms * 1e6)).toFixed(1)) : 0;
}

/** That rate as a percentage of one core's peak. */
export function peakPct(rate: number): number {
  return Number(((100 * rate) / PEAK_GFLOPS_PER_CORE).toFixed(1));
}
