// What the kernels and graph steps of this folder use of tfjs-node's NodeJSKernelBackend and its
// binding (typed here, since the package is loaded from the native install at run time), the
// float32 type attribute every
// float op takes, and the pattern by which a kernel of this folder replaces tfjs-node's own.
import * as tf from '@tensorflow/tfjs';

export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** What tfjs-node's native binding answers about a tensor it made. */
export interface TensorMeta {
  id: number;
  shape: number[];
  dtype: number;
}

/** tfjs-node's native binding: eager ops, tensors by id, and SavedModel sessions. */
export interface NativeBinding {
  TF_ATTR_STRING: number;
  TF_ATTR_INT: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_SHAPE: number;
  TF_FLOAT: number;
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number): TensorMeta[];
  createTensor(shape: number[], dtype: number, values: ArrayBufferView): number;
  tensorDataSync(id: number): ArrayBufferView;
  deleteTensor(id: number): void;
  loadSavedModel(dir: string, tags: string): number;
  runSavedModel(modelId: number, inputIds: number[], inputNames: string, outputNames: string): TensorMeta[];
  deleteSavedModel(modelId: number): void;
}

export interface NodeBackend {
  binding: NativeBinding;
  isUsingGpuDevice: boolean;
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: tf.TensorInfo[]): tf.Tensor;
  executeMultipleOutputs(name: string, attrs: OpAttr[], inputs: tf.TensorInfo[], numOutputs: number): tf.Tensor[];
  readSync(dataId: tf.DataId): unknown;
  write(values: Float32Array, shape: number[], dtype: 'float32'): tf.DataId;
  /** Native ids of the tensors, uploading values still held in JS. */
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  /** A tensor of the engine for a native one. */
  createOutputTensor(meta: TensorMeta): tf.Tensor;
  /** The TF_DataType of a tfjs dtype (throws for one the binding lacks). */
  getDTypeInteger(dtype: tf.DataType): number;
}

/** The kernel's backend as tfjs-node's. */
export const nodeBackend = (backend: unknown) => backend as NodeBackend;

/** T = float32, the type attribute of an element-wise op on float tensors. */
export function floatType(backend: NodeBackend): OpAttr {
  return { name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT };
}

/**
 * Replaces tfjs-node's kernel `name` for the 'tensorflow' backend by make(its kernel function);
 * a second call is a no-op (the replacement is marked), as is a call before tfjs-node loaded.
 */
export function replaceNativeKernel(name: string, make: (stock: tf.KernelFunc) => tf.KernelFunc): void {
  const stock = tf.getKernel(name, 'tensorflow');
  if (!stock || (stock.kernelFunc as { distill?: true }).distill) return;
  const kernelFunc = make(stock.kernelFunc);
  Object.assign(kernelFunc, { distill: true });
  tf.unregisterKernel(name, 'tensorflow');
  tf.registerKernel({ ...stock, kernelFunc });
}
