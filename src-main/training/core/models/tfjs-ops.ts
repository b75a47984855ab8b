// NetOps interpreted as tf.layers (functional API): turns an Architecture into a tf.LayersModel
// with outputs [logits, ...taps]. Only built-in layers are used (batch norm's subclass serialises
// as the built-in one: fast-batch-norm-layer.ts), so saved models load back with
// tf.loadLayersModel without custom classes.
import * as tf from '@tensorflow/tfjs';
import { BN_EPSILON, BN_MOMENTUM, type Architecture, type NetOps } from './net-ops';
import { denseInit, kaimingNormalFanOut, layerSeed } from './seeded-init';
import { fastBatchNormalization } from './fast-batch-norm-layer';
import { trainableConv2d } from './trainable-conv-layer';

export interface BuiltModel {
  /** outputs[0] is the logits [B, classes]; outputs[i] is the tap named taps[i]. */
  model: tf.LayersModel;
  taps: string[];
}

type Sym = tf.SymbolicTensor;

const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** Layer builders with seeded initialisers; the k-th initialiser gets layerSeed(seed, k). */
export function tfjsOps(seed: number): NetOps<Sym> {
  let count = 0;
  const nextSeed = () => layerSeed(seed, count++);
  return {
    shapeOf: (x) => x.shape.slice(1) as number[],
    conv(x, o) {
      const stride = o.stride ?? 1;
      const pad = Math.floor(o.kernel / 2);
      const kernelInitializer = kaimingNormalFanOut(o.kernel, o.filters, nextSeed());
      // Stride 1: tfjs 'same' pads ⌊k/2⌋ on each side, like PyTorch. Stride 2 on an even size: tfjs
      // 'same' would pad only bottom/right (a one-pixel shift against the 1×1 shortcut), so pad
      // explicitly as PyTorch does and convolve 'valid'.
      let padding: 'same' | 'valid' = 'same';
      if (stride > 1 && pad > 0) {
        x = apply(tf.layers.zeroPadding2d({ padding: pad, name: `${o.name}_pad` }), x);
        padding = 'valid';
      } else if (pad === 0) {
        padding = 'valid';
      }
      const layer = trainableConv2d({
        name: o.name,
        filters: o.filters,
        kernelSize: o.kernel,
        strides: stride,
        padding,
        useBias: o.bias ?? false,
        kernelInitializer,
        biasInitializer: 'zeros',
      });
      return apply(layer, x);
    },
    batchNorm: (x, name) => apply(fastBatchNormalization({ name, axis: -1, epsilon: BN_EPSILON, momentum: BN_MOMENTUM }), x),
    relu: (x, name) => apply(tf.layers.reLU({ name }), x),
    add: (a, b, name) => apply(tf.layers.add({ name }), [a, b]),
    maxPool: (x, name) => apply(tf.layers.maxPooling2d({ name, poolSize: 2, strides: 2, padding: 'valid' }), x),
    globalAvgPool: (x, name) => apply(tf.layers.globalAveragePooling2d({ name }), x),
    flatten: (x, name) => apply(tf.layers.flatten({ name }), x),
    dense(x, o) {
      const fanIn = x.shape[x.shape.length - 1]!;
      const init = denseInit(o.init, fanIn, nextSeed(), nextSeed());
      return apply(tf.layers.dense({ name: o.name, units: o.units, kernelInitializer: init.kernel, biasInitializer: init.bias }), x);
    },
  };
}

/** Builds `define` as a tf.LayersModel: input [B, H, W, C], outputs [logits [B, classes], ...taps]. */
export function buildLayersModel(name: string, define: Architecture, inputShape: [number, number, number], numClasses: number, seed: number): BuiltModel {
  const input = tf.input({ shape: inputShape, name: 'image' });
  const out = define(tfjsOps(seed), input, numClasses);
  const model = tf.model({
    inputs: input,
    outputs: [out.logits, ...out.taps.map((t) => t.tensor)],
    name: name.replace(/[^A-Za-z0-9_]/g, '_'),
  });
  return { model, taps: ['logits', ...out.taps.map((t) => t.name)] };
}
