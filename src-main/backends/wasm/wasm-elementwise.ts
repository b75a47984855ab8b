// The passes of elementwise.wat on the WebAssembly gemm's memory (wasm-gemm.ts owns it and
// exposes this as its `elementwise`): ReLU, ReLU's gradient, a per-channel bias add and
// per-channel float64 sums. backends/cpu/engine-elementwise.ts copies the operands in and the
// results out; every operand here is a view of the memory, checked before the call.
import type { ElementwisePasses } from '../cpu/gemm-engine';
import { ELEMENTWISE_SIMD, ELEMENTWISE_SIMD_SHARED } from './kernels.generated';
import { checkViews, instantiateOn } from './module-on-memory';

type Relu = (x: number, y: number, n: number) => void;
type ReluGrad = (dy: number, x: number, out: number, n: number) => void;
type PerChannel = (x: number, rows: number, C: number, target: number) => void;

export class WasmElementwise implements ElementwisePasses {
  private readonly reluPass: Relu;
  private readonly reluGradPass: ReluGrad;
  private readonly biasAddPass: PerChannel;
  private readonly sumsPass: PerChannel;

  constructor(
    private readonly memory: WebAssembly.Memory,
    shared: boolean,
  ) {
    const exports = instantiateOn(memory, shared, { own: ELEMENTWISE_SIMD, shared: ELEMENTWISE_SIMD_SHARED });
    this.reluPass = exports.relu as Relu;
    this.reluGradPass = exports.reluGrad as ReluGrad;
    this.biasAddPass = exports.biasAdd as PerChannel;
    this.sumsPass = exports.channelSums as PerChannel;
  }

  relu(x: Float32Array, y: Float32Array): void {
    this.views([x, x.length], [y, x.length]);
    this.reluPass(x.byteOffset, y.byteOffset, x.length);
  }

  reluGrad(dy: Float32Array, x: Float32Array, out: Float32Array): void {
    this.views([x, x.length], [dy, x.length], [out, x.length]);
    this.reluGradPass(dy.byteOffset, x.byteOffset, out.byteOffset, x.length);
  }

  biasAdd(y: Float32Array, bias: Float32Array): void {
    const C = bias.length;
    const rows = this.rows(y, C);
    this.views([bias, C]);
    this.biasAddPass(y.byteOffset, rows, C, bias.byteOffset);
  }

  channelSums(x: Float32Array, C: number, scratch: Float32Array): Float64Array {
    const rows = this.rows(x, C);
    this.views([scratch, 2 * C]);
    if (scratch.byteOffset % 16 !== 0) throw new Error('WasmElementwise: the sums scratch must be 16-byte aligned');
    const sums = new Float64Array(this.memory.buffer, scratch.byteOffset, C);
    sums.fill(0);
    this.sumsPass(x.byteOffset, rows, C, sums.byteOffset);
    return sums.slice();
  }

  /** Rows of x [rows, C]; C must be a positive multiple of 4. */
  private rows(x: Float32Array, C: number): number {
    if (!(C > 0 && C % 4 === 0)) throw new Error(`WasmElementwise: channels must be a multiple of 4, not ${C}`);
    if (x.length % C !== 0) throw new Error(`WasmElementwise: ${x.length} floats are not rows of ${C} channels`);
    this.views([x, x.length]);
    return x.length / C;
  }

  private views(...operands: [Float32Array, number][]): void {
    checkViews(this.memory, 'WasmElementwise', operands);
  }
}
