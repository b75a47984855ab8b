// The WebAssembly SIMD float32 gemm (gemm.wat) behind a small TypeScript wrapper: instantiates
// the relaxed-SIMD build where the engine accepts it (fused multiply-add; Node 22, Electron) and
// the plain-SIMD build otherwise (Node 20 without flags), or reports that neither validates.
// Manages the module's linear memory: a fixed packing area per thread, then the callers' operand
// views, grown on demand and reused across calls (no allocation per product). With threads > 1
// the memory is shared and gemm-threads.ts splits each product over helper threads.
// Also runs im2col / col2im (wasm-patches.ts), batch norm's passes (wasm-batch-norm.ts), max
// pooling (wasm-max-pool.ts) and element-wise passes (wasm-elementwise.ts) on that memory. Structurally a GemmEngine of
// backends/cpu/gemm-engine.ts (set there by the worker).
import { type GemmCall, GemmThreads } from './gemm-threads';
import { GEMM_RELAXED, GEMM_RELAXED_SHARED, GEMM_SIMD, GEMM_SIMD_SHARED } from './kernels.generated';
import { decodeBase64 } from './module-on-memory';
import { WasmBatchNorm } from './wasm-batch-norm';
import { WasmElementwise } from './wasm-elementwise';
import { WasmMaxPool } from './wasm-max-pool';
import { type PatchGeometry, WasmPatches } from './wasm-patches';

/** Scratch gemm.wat needs at `pack`: a 4×8 tile (128 B) and B panels of 256 × 256 floats. */
const PACK_BYTES = 128 + 256 * 256 * 4;
const PAGE = 65536;
/** Views start on cache-line boundaries: aligned vector loads, no false sharing of lines. */
const ALIGN = 64;

/** gemm.wat's export: byte addresses, strides in floats. */
type GemmExport = GemmCall;

export type WasmGemmVariant = 'relaxed' | 'simd';

/** Which build this engine can run: relaxed SIMD first, then plain SIMD; null for neither. */
export function supportedVariant(): WasmGemmVariant | null {
  if (typeof WebAssembly !== 'object') return null;
  if (WebAssembly.validate(decodeBase64(GEMM_RELAXED))) return 'relaxed';
  if (WebAssembly.validate(decodeBase64(GEMM_SIMD))) return 'simd';
  return null;
}

const alignUp = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

export class WasmGemm {
  readonly name: string;
  readonly variant: WasmGemmVariant;
  readonly threads: number;
  private readonly memory: WebAssembly.Memory;
  private readonly run: GemmExport;
  private readonly pool: GemmThreads | null;
  private readonly patches: WasmPatches;
  /** Batch norm's passes (wasm-batch-norm.ts) on this memory: the cpu kernel calls them directly. */
  readonly batchNorm: WasmBatchNorm;
  /** Max pooling and its gradient (wasm-max-pool.ts) on this memory. */
  readonly pooling: WasmMaxPool;
  /** ReLU, its gradient, bias adds and per-channel sums (wasm-elementwise.ts) on this memory. */
  readonly elementwise: WasmElementwise;
  /** First byte after the packing areas (one per thread, thread t's at t · PACK_BYTES). */
  private readonly base: number;

  constructor(variant: WasmGemmVariant, threads = 1) {
    this.threads = Math.max(1, Math.floor(threads));
    this.base = this.threads * PACK_BYTES;
    const initial = Math.ceil(this.base / PAGE);
    // Synchronous compile: the module is 2 KB, and kernels are called synchronously by tfjs.
    if (this.threads === 1) {
      const module = new WebAssembly.Module(decodeBase64(variant === 'relaxed' ? GEMM_RELAXED : GEMM_SIMD));
      const instance = new WebAssembly.Instance(module, {});
      this.memory = instance.exports.memory as WebAssembly.Memory;
      this.memory.grow(initial);
      this.run = instance.exports.gemm as GemmExport;
      this.pool = null;
    } else {
      const module = new WebAssembly.Module(decodeBase64(variant === 'relaxed' ? GEMM_RELAXED_SHARED : GEMM_SIMD_SHARED));
      this.memory = new WebAssembly.Memory({ initial, maximum: 16384, shared: true });
      this.run = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports.gemm as GemmExport;
      this.pool = new GemmThreads(this.threads, module, this.memory, (t) => t * PACK_BYTES);
    }
    this.patches = new WasmPatches(this.memory, this.threads > 1);
    this.batchNorm = new WasmBatchNorm(this.memory, this.threads > 1);
    this.pooling = new WasmMaxPool(this.memory, this.threads > 1);
    this.elementwise = new WasmElementwise(this.memory, this.threads > 1);
    this.variant = variant;
    const threadNote = this.threads > 1 ? `, ${this.threads} threads` : '';
    this.name = `${variant === 'relaxed' ? 'wasm-simd (relaxed FMA)' : 'wasm-simd'}${threadNote}`;
  }

  /** Stop the helper threads, if any. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** Bytes of linear memory now (grows, never shrinks). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  views(lengths: readonly number[]): Float32Array[] {
    let end = this.base;
    const offsets = lengths.map((n) => {
      const at = alignUp(end);
      end = at + n * 4;
      return at;
    });
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    const buffer = this.memory.buffer;
    return lengths.map((n, i) => new Float32Array(buffer, offsets[i], n));
  }

  gemm(
    M: number,
    N: number,
    K: number,
    a: Float32Array,
    rsA: number,
    csA: number,
    b: Float32Array,
    rsB: number,
    csB: number,
    c: Float32Array,
    ldc: number,
    accumulate: boolean,
  ): void {
    if (M <= 0 || N <= 0) return;
    this.check(c, (M - 1) * ldc + N, 'C');
    if (K <= 0) {
      if (!accumulate) for (let i = 0; i < M; i++) c.fill(0, i * ldc, i * ldc + N);
      return;
    }
    this.check(a, (M - 1) * rsA + (K - 1) * csA + 1, 'A');
    this.check(b, (N - 1) * rsB + (K - 1) * csB + 1, 'B');
    const args: Parameters<GemmExport> = [M, N, K, a.byteOffset, rsA, csA, b.byteOffset, rsB, csB, c.byteOffset, ldc, accumulate ? 1 : 0, 0];
    if (this.pool) this.pool.gemm(this.run, args);
    else this.run(...args);
  }

  /** cols ← im2col(x) for global output rows row0 .. row0 + rows − 1; x and cols are views. */
  im2colRows(x: Float32Array, g: PatchGeometry, row0: number, rows: number, cols: Float32Array): void {
    this.patches.im2colRows(x, g, row0, rows, cols);
  }

  /** dx += col2im(cols) for the same rows; cols and dx are views. */
  col2imRows(cols: Float32Array, g: PatchGeometry, row0: number, rows: number, dx: Float32Array): void {
    this.patches.col2imRows(cols, g, row0, rows, dx);
  }

  /** An operand must be a live view of this memory covering every element the product touches. */
  private check(v: Float32Array, extent: number, what: string): void {
    if (v.buffer !== this.memory.buffer) throw new Error(`WasmGemm: ${what} is not a current view of the engine's memory`);
    if (extent > v.length) throw new Error(`WasmGemm: ${what} has ${v.length} floats, the product reads ${extent}`);
  }
}

/** The best WebAssembly gemm this engine runs (on `threads` threads), or null (no WebAssembly SIMD). */
export function loadWasmGemm(variant: WasmGemmVariant | null = supportedVariant(), threads = 1): WasmGemm | null {
  return variant ? new WasmGemm(variant, threads) : null;
}
