// Max pooling and its gradient of max-pool.wat on the WebAssembly gemm's memory (wasm-gemm.ts owns
// it and exposes this as its `pooling`): NHWC, C a multiple of 4; the gradient for windows that
// do not overlap. backends/cpu/max-pool.ts copies the operands in and the result out.
import type { PoolGeometry } from '../cpu/gemm-engine';
import { MAX_POOL_SIMD, MAX_POOL_SIMD_SHARED } from './kernels.generated';
import { checkViews, instantiateOn } from './module-on-memory';

type Args = [number, number, number, number, number, number, number, number, number, number, number, number];
type Forward = (x: number, y: number, ...g: Args) => void;
type Backward = (dy: number, x: number, dx: number, ...g: Args) => void;

export class WasmMaxPool {
  private readonly forward: Forward;
  private readonly backward: Backward;

  constructor(
    private readonly memory: WebAssembly.Memory,
    shared: boolean,
  ) {
    const exports = instantiateOn(memory, shared, { own: MAX_POOL_SIMD, shared: MAX_POOL_SIMD_SHARED });
    this.forward = exports.maxPool as Forward;
    this.backward = exports.maxPoolGrad as Backward;
  }

  /** y [batch, outH, outW, C] ← max over each window of x [batch, inH, inW, C] (views). */
  maxPool(x: Float32Array, y: Float32Array, g: PoolGeometry): void {
    this.check(g, [x, g.batch * g.inH * g.inW * g.C], [y, g.batch * g.outH * g.outW * g.C]);
    this.forward(x.byteOffset, y.byteOffset, ...this.args(g));
  }

  /** dx += each window's dy at its first maximum of x; windows must not overlap (views; dx zeroed by the caller). */
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, g: PoolGeometry): void {
    if (g.strideH < g.winH || g.strideW < g.winW) throw new Error('WasmMaxPool: the gradient takes windows that do not overlap');
    const input = g.batch * g.inH * g.inW * g.C;
    this.check(g, [dy, g.batch * g.outH * g.outW * g.C], [x, input], [dx, input]);
    this.backward(dy.byteOffset, x.byteOffset, dx.byteOffset, ...this.args(g));
  }

  private args(g: PoolGeometry): Args {
    return [g.batch, g.inH, g.inW, g.C, g.outH, g.outW, g.strideH, g.strideW, g.winH, g.winW, g.padTop, g.padLeft];
  }

  private check(g: PoolGeometry, ...operands: [Float32Array, number][]): void {
    if (!(g.C > 0 && g.C % 4 === 0)) throw new Error(`WasmMaxPool: channels must be a multiple of 4, not ${g.C}`);
    checkViews(this.memory, 'WasmMaxPool', operands);
  }
}
