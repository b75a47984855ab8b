// tfjs kernel functions for Add, Sub, Multiply and RealDiv on the cpu backend: float32 inputs
// go through the collapsed-broadcast loops of broadcast-binary.ts (bit-identical results);
// other dtypes (int32, bool, complex64, string) go to the stock kernel. A bias add (x [..., C] +
// b [C]) runs on the gemm engine's vector pass when there is one (engine-elementwise.ts).
import type { KernelFunc } from '@tensorflow/tfjs';
import { type BinaryOp, broadcastBinary } from './broadcast-binary';
import { floatValues, makeOutput } from './cpu-backend';
import { biasAddOnEngine } from './engine-elementwise';

function fastBinary(op: BinaryOp): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { a, b } = args.inputs;
    const av = floatValues(args.backend, a);
    const bv = floatValues(args.backend, b);
    if (!a || !b || !av || !bv) return stock(args);
    if (op === 'add') {
      const biased = addBias(a.shape, av, b.shape, bv);
      if (biased) return makeOutput(args.backend, biased[1], 'float32', biased[0]);
    }
    const [values, shape] = broadcastBinary(op, a.shape, av, b.shape, bv);
    return makeOutput(args.backend, shape, 'float32', values);
  };
}

/** x [..., C] + bias [C] (either order) on the engine's vector pass, or null for every other case. */
function addBias(aShape: readonly number[], av: Float32Array, bShape: readonly number[], bv: Float32Array): [Float32Array, number[]] | null {
  const isBias = (x: readonly number[], bias: readonly number[]) => bias.length === 1 && x.length >= 2 && x[x.length - 1] === bias[0];
  if (isBias(aShape, bShape)) return withShape(biasAddOnEngine(av, bv), aShape);
  if (isBias(bShape, aShape)) return withShape(biasAddOnEngine(bv, av), bShape);
  return null;
}

function withShape(values: Float32Array | null, shape: readonly number[]): [Float32Array, number[]] | null {
  return values ? [values, [...shape]] : null;
}

export const fastAdd = fastBinary('add');
export const fastSub = fastBinary('sub');
export const fastMultiply = fastBinary('mul');
export const fastRealDiv = fastBinary('div');
