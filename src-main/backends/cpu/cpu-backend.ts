// The little of the pure-JS cpu backend the fast kernels touch: reading a tensor's values and
// wrapping a result array as a tensor. Typed structurally so core does not depend on the
// backend package's internals; kernels only take the fast path when the storage really is a
// Float32Array (float32 tensors on the cpu backend), and hand everything else to the stock kernel.
import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/** What a kernel receives: { inputs, backend, attrs }. */
export type KernelArgs = Parameters<KernelFunc>[0];

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: Float32Array | Int32Array | Uint8Array): TensorInfo;
}

function asCpu(backend: unknown): CpuBackendLike {
  return backend as CpuBackendLike;
}

/** The values of a float32 tensor, or null when the tensor is another dtype (use the stock kernel). */
export function floatValues(backend: unknown, t: TensorInfo | undefined): Float32Array | null {
  if (!t || t.dtype !== 'float32') return null;
  const values = asCpu(backend).data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/** The raw typed array of a numeric (float32 / int32) tensor, or null. */
export function numericValues(backend: unknown, t: TensorInfo | undefined): Float32Array | Int32Array | null {
  if (!t || (t.dtype !== 'float32' && t.dtype !== 'int32')) return null;
  const values = asCpu(backend).data.get(t.dataId).values;
  return values instanceof Float32Array || values instanceof Int32Array ? values : null;
}

/** Wrap a result array as a tensor of the cpu backend (it takes ownership of `values`; Uint8Array for bool). */
export function makeOutput(backend: unknown, shape: number[], dtype: DataType, values: Float32Array | Int32Array | Uint8Array): TensorInfo {
  return asCpu(backend).makeTensorInfo(shape, dtype, values);
}
