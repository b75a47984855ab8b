// End to end: gradients of small conv nets through tf.grad / variableGrads, stock kernels vs
// fast kernels — a functional conv → batch norm → relu → pool net, a tf.layers resnet-style
// block with a 1×1 projection shortcut, and a few SGD steps of the latter staying together.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bothWays, expectMatch, rand, useCpuBackend } from './helpers';

useCpuBackend();

describe('gradients through conv nets match with fast kernels', () => {
  it('functional net: fused conv + relu, batch norm, stride-2 conv, max pool, 1×1 conv, GAP, dense', () => {
    const x = rand([6, 13, 11, 3], 1) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0], 'int32'), 5);
    const params = {
      w1: rand([3, 3, 3, 8], 2).mul(0.5) as tf.Tensor4D,
      b1: rand([8], 3) as tf.Tensor1D,
      gamma: tf.add(rand([8], 4), 1.5) as tf.Tensor1D,
      beta: rand([8], 5) as tf.Tensor1D,
      w2: rand([5, 5, 8, 16], 6).mul(0.2) as tf.Tensor4D,
      w3: rand([1, 1, 16, 12], 7).mul(0.3) as tf.Tensor4D,
      wd: rand([12, 5], 8) as tf.Tensor2D,
    };
    const names = Object.keys(params) as Array<keyof typeof params>;
    const loss = (...v: tf.Tensor[]) => {
      const p = Object.fromEntries(names.map((n, i) => [n, v[i]!])) as typeof params;
      const h1 = tf.fused.conv2d({ x, filter: p.w1, strides: 1, pad: 'same', bias: p.b1, activation: 'relu' });
      const { mean, variance } = tf.moments(h1, [0, 1, 2]);
      const n1 = tf.relu(tf.batchNorm(h1, mean, variance, p.beta, p.gamma, 1e-3)) as tf.Tensor4D;
      const h2 = tf.relu(tf.conv2d(n1, p.w2, 2, 'same'));
      const h3 = tf.conv2d(tf.maxPool(h2, 2, 2, 'same'), p.w3, 1, 'valid');
      const logits = tf.matMul(tf.mean(h3, [1, 2]) as tf.Tensor2D, p.wd);
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    };
    const r = bothWays(() => {
      const { value, grads } = tf.valueAndGrads(loss)(names.map((n) => params[n]));
      return [value, ...grads];
    });
    expectMatch(r, 'loss and gradients');
    tf.dispose([x, labels, ...Object.values(params)]);
  });

  it('tf.layers resnet block (conv-BN-relu ×2 + 1×1 projection, GAP, dense): gradients, then 3 SGD steps', () => {
    const build = () => {
      const input = tf.input({ shape: [12, 12, 4] });
      const init = (s: number) => tf.initializers.heNormal({ seed: s });
      const conv = (t: tf.SymbolicTensor, f: number, k: number, s: number, seed: number) =>
        tf.layers
          .conv2d({ filters: f, kernelSize: k, strides: s, padding: 'same', useBias: false, kernelInitializer: init(seed) })
          .apply(t) as tf.SymbolicTensor;
      const bn = (t: tf.SymbolicTensor) => tf.layers.batchNormalization().apply(t) as tf.SymbolicTensor;
      const relu = (t: tf.SymbolicTensor) => tf.layers.reLU().apply(t) as tf.SymbolicTensor;
      const y = bn(conv(relu(bn(conv(input, 8, 3, 2, 1))), 8, 3, 1, 2));
      const sc = bn(conv(input, 8, 1, 2, 3));
      const z = relu(tf.layers.add().apply([y, sc]) as tf.SymbolicTensor);
      const gap = tf.layers.globalAveragePooling2d({}).apply(z) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(gap) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out });
    };
    const x = rand([5, 12, 12, 4], 9);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0], 'int32'), 3);
    const train = (steps: number) => () => {
      const model = build();
      const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const opt = tf.train.momentum(0.05, 0.9);
      const losses: tf.Tensor[] = [];
      let grads: tf.NamedTensorMap = {};
      for (let s = 0; s <= steps; s++) {
        const r = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, weights);
        losses.push(r.value);
        if (s < steps) opt.applyGradients(r.grads as Parameters<typeof opt.applyGradients>[0]);
        if (s === 0)
          grads = r.grads; // kept for comparison
        else tf.dispose(Object.values(r.grads));
      }
      const out = [...losses, ...weights.map((w) => grads[w.name]!), ...weights.map((w) => w.clone())];
      opt.dispose();
      model.dispose();
      return out;
    };
    const r = bothWays(train(3));
    expect(r.stock.length).toBe(r.fast.length);
    expectMatch(r, 'losses, first-step gradients, weights after 3 steps');
    tf.dispose([x, labels]);
  });
});
