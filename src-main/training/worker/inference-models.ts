// The two inference forms of a trained zoo model, built from the app's tf.LayersModel: an ONNX
// graph (export/onnx/) and a TF.js layers model, both with one output `logits` and the dataset's
// input normalisation included, so they take raw pixel values 0–255. ONNX is NCHW (ONNX's own
// convention); TF.js stays NHWC (TensorFlow's). Weights are taken layer by layer by name, so the
// architecture is re-interpreted, not the saved topology.
import * as tf from '@tensorflow/tfjs';
import { buildOnnxModel, normalisationConstants, type InputNormalisation } from '../../export/onnx/onnx-model';
import type { WeightSource } from '../../export/onnx/onnx-ops';
import { getModelSpec } from '../core/models/catalog';
import { tfjsOps } from '../core/models/tfjs-ops';

export interface InferenceTarget {
  /** Zoo model name (run config `model`). */
  architecture: string;
  inputShape: [number, number, number];
  numClasses: number;
  normalisation: InputNormalisation;
}

/** Layer weights of a tfjs model by layer name, in tfjs order. */
export function weightSourceOf(model: tf.LayersModel): WeightSource {
  return (name) => {
    let layer: tf.layers.Layer;
    try {
      layer = model.getLayer(name);
    } catch {
      throw new Error(`the saved model has no layer '${name}': it was not built from this architecture`);
    }
    return layer.getWeights().map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
  };
}

/** The `.onnx` bytes of `model` (see export/onnx/onnx-model.ts). */
export function onnxBytesOf(model: tf.LayersModel, t: InferenceTarget, metadata?: Record<string, string>): Uint8Array {
  const spec = getModelSpec(t.architecture);
  return buildOnnxModel({
    name: spec.name,
    define: spec.define,
    inputShape: t.inputShape,
    numClasses: t.numClasses,
    weights: weightSourceOf(model),
    normalisation: t.normalisation,
    producerVersion: `TensorFlow.js ${tf.version.tfjs} weights`,
    metadata,
  });
}

/**
 * A TF.js layers model: input `image` [N, H, W, C] raw pixels, a 1×1 depthwise conv `normalise`
 * computing pixel · scale_c − shift_c (the same constants as batches.ts), the architecture, and
 * only the logits as output. Built-in layers only, so tf.loadLayersModel reads it anywhere.
 */
export function tfjsInferenceModel(model: tf.LayersModel, t: InferenceTarget): tf.LayersModel {
  const spec = getModelSpec(t.architecture);
  const c = t.inputShape[2];
  const input = tf.input({ shape: t.inputShape, name: 'image' });
  const norm = tf.layers.depthwiseConv2d({ name: 'normalise', kernelSize: 1, depthMultiplier: 1, useBias: true });
  const x = norm.apply(input) as tf.SymbolicTensor;
  const out = spec.define(tfjsOps(1), x, t.numClasses);
  const inference = tf.model({ inputs: input, outputs: out.logits, name: `${spec.name.replace(/[^A-Za-z0-9_]/g, '_')}_inference` });
  const { scale, shift } = normalisationConstants(t.normalisation);
  norm.setWeights([tf.tensor4d(scale, [1, 1, c, 1]), tf.tensor1d(shift.map((s) => -s))]);
  const source = weightSourceOf(model);
  for (const layer of inference.layers) {
    if (layer === norm || layer.weights.length === 0) continue;
    const w = source(layer.name);
    layer.setWeights(w.map((a) => tf.tensor(a.data, a.shape)));
  }
  return inference;
}
