// tfjs kernel functions for Add, Sub, Multiply and RealDiv on the cpu backend: float32 inputs
// go through the collapsed-broadcast loops of broadcast-binary.ts (bit-identical results);
// other dtypes (int32, bool, complex64, string) go to the stock kernel.
import type { KernelFunc } from '@tensorflow/tfjs';
import { type BinaryOp, broadcastBinary } from './broadcast-binary';
import { floatValues, makeOutput } from './cpu-backend';

function fastBinary(op: BinaryOp): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { a, b } = args.inputs;
    const av = floatValues(args.backend, a);
    const bv = floatValues(args.backend, b);
    if (!a || !b || !av || !bv) return stock(args);
    const [values, shape] = broadcastBinary(op, a.shape, av, b.shape, bv);
    return makeOutput(args.backend, shape, 'float32', values);
  };
}

export const fastAdd = fastBinary('add');
export const fastSub = fastBinary('sub');
export const fastMultiply = fastBinary('mul');
export const fastRealDiv = fastBinary('div');
