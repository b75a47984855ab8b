// The passes of batch-norm.wat on the WebAssembly gemm's memory (wasm-gemm.ts owns it and exposes
// these as its channel* methods): per-channel float64 sums and per-channel affine maps over
// x viewed as [n, C], C a multiple of 4. backends/cpu/batch-norm-train.ts does the per-channel
// arithmetic between them, so the kernel's formulas live in one place.
import { BATCH_NORM_SIMD, BATCH_NORM_SIMD_SHARED } from './kernels.generated';
import { checkViews, instantiateOn } from './module-on-memory';

type Stats = (x: number, n: number, C: number, sums: number) => void;
type GradStats = (dy: number, x: number, mean: number, n: number, C: number, sums: number) => void;
type Affine = (x: number, y: number, n: number, C: number, a: number, mu: number, b: number) => void;
type Affine2 = (dy: number, x: number, dx: number, n: number, C: number, k: number, m: number, mu: number, q: number) => void;

export class WasmBatchNorm {
  private readonly stats: Stats;
  private readonly gradStats: GradStats;
  private readonly affine: Affine;
  private readonly affine2: Affine2;

  constructor(
    private readonly memory: WebAssembly.Memory,
    shared: boolean,
  ) {
    const exports = instantiateOn(memory, shared, { own: BATCH_NORM_SIMD, shared: BATCH_NORM_SIMD_SHARED });
    this.stats = exports.stats as Stats;
    this.gradStats = exports.gradStats as GradStats;
    this.affine = exports.affine as Affine;
    this.affine2 = exports.affine2 as Affine2;
  }

  /** [Σx per channel, Σx² per channel] in float64 (length 2C) over x [n, C]; `scratch` is a view of ≥ 4C floats. */
  channelStats(x: Float32Array, C: number, scratch: Float32Array): Float64Array {
    const n = this.rows(x, C);
    const sums = this.sums(scratch, C);
    this.stats(x.byteOffset, n, C, sums.byteOffset);
    return sums.slice();
  }

  /** [Σdy per channel, Σdy·(x − mean) per channel] in float64 over dy, x [n, C]; mean a view of C floats. */
  channelGradStats(dy: Float32Array, x: Float32Array, mean: Float32Array, C: number, scratch: Float32Array): Float64Array {
    const n = this.rows(x, C);
    this.views([dy, n * C], [mean, C]);
    const sums = this.sums(scratch, C);
    this.gradStats(dy.byteOffset, x.byteOffset, mean.byteOffset, n, C, sums.byteOffset);
    return sums.slice();
  }

  /** y = a·(x − mu) + b per channel over x [n, C]; a, mu, b views of C floats. */
  channelAffine(x: Float32Array, y: Float32Array, C: number, a: Float32Array, mu: Float32Array, b: Float32Array): void {
    const n = this.rows(x, C);
    this.views([y, n * C], [a, C], [mu, C], [b, C]);
    this.affine(x.byteOffset, y.byteOffset, n, C, a.byteOffset, mu.byteOffset, b.byteOffset);
  }

  /** dx = k·dy + m·(x − mu) + q per channel over dy, x [n, C]; k, m, mu, q views of C floats. */
  channelAffine2(dy: Float32Array, x: Float32Array, dx: Float32Array, C: number, k: Float32Array, m: Float32Array, mu: Float32Array, q: Float32Array): void {
    const n = this.rows(x, C);
    this.views([dy, n * C], [dx, n * C], [k, C], [m, C], [mu, C], [q, C]);
    this.affine2(dy.byteOffset, x.byteOffset, dx.byteOffset, n, C, k.byteOffset, m.byteOffset, mu.byteOffset, q.byteOffset);
  }

  /** Pixels of x [n, C]; C must be a positive multiple of 4 and x a view of the memory. */
  private rows(x: Float32Array, C: number): number {
    if (!(C > 0 && C % 4 === 0)) throw new Error(`WasmBatchNorm: channels must be a multiple of 4, not ${C}`);
    if (x.length % C !== 0) throw new Error(`WasmBatchNorm: ${x.length} floats are not rows of ${C} channels`);
    this.views([x, x.length]);
    return x.length / C;
  }

  private sums(scratch: Float32Array, C: number): Float64Array {
    this.views([scratch, 4 * C]);
    if (scratch.byteOffset % 16 !== 0) throw new Error('WasmBatchNorm: the sums scratch must be 16-byte aligned');
    const sums = new Float64Array(this.memory.buffer, scratch.byteOffset, 2 * C);
    sums.fill(0);
    return sums;
  }

  private views(...operands: [Float32Array, number][]): void {
    checkViews(this.memory, 'WasmBatchNorm', operands);
  }
}
