// The Conv2D subclass whose training call runs conv + bias as one kernel with a gradient per input
// (models/trainable-conv-layer.ts, conv-bias.ts): the same outputs and weight gradients as tfjs's own layer,
// bit for bit, with and without a bias and with stride and padding; no gradient of the input
// images is computed for a first layer; inference keeps the fused op; it saves as 'Conv2D' and
// loads with stock tfjs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONV_BIAS_KERNEL } from '../../../../../src-main/training/core/models/conv-bias';
import { trainableConv2d } from '../../../../../src-main/training/core/models/trainable-conv-layer';
import { selectTestBackend } from '../../../../helpers/test-backend';

beforeAll(async () => {
  await selectTestBackend();
});

type ConvArgs = Parameters<typeof tf.layers.conv2d>[0];

/** A two-conv model (image → conv → relu → conv → mean) built with `make`, seeded weights. */
function model(make: (a: ConvArgs) => tf.layers.Layer, useBias: boolean, strides: number, padding: 'same' | 'valid') {
  const input = tf.input({ shape: [9, 8, 3] });
  const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed });
  const c1 = make({ filters: 5, kernelSize: 3, strides, padding, useBias, kernelInitializer: init(1), biasInitializer: init(2) });
  const c2 = make({ filters: 4, kernelSize: 3, padding: 'same', useBias, kernelInitializer: init(3), biasInitializer: init(4) });
  const out = c2.apply(tf.layers.reLU().apply(c1.apply(input))) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function trainingStep(m: tf.LayersModel, x: tf.Tensor) {
  const weights = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => (m.apply(x, { training: true }) as tf.Tensor).square().mean() as tf.Scalar, weights);
  return [value, ...weights.map((w) => grads[w.name]!)].map((t) => Array.from(t.dataSync()));
}

describe('Conv2D with an unfused training path', () => {
  for (const [useBias, strides, padding] of [
    [true, 1, 'same'],
    [false, 2, 'valid'],
    [true, 2, 'same'],
  ] as const) {
    it(`trains as tfjs's Conv2D, bit for bit (bias ${useBias}, stride ${strides}, ${padding})`, () => {
      const x = tf.randomNormal([4, 9, 8, 3], 0, 1, 'float32', 7);
      const stock = trainingStep(
        model((a) => tf.layers.conv2d(a), useBias, strides, padding),
        x,
      );
      const ours = trainingStep(model(trainableConv2d, useBias, strides, padding), x);
      expect(ours).toEqual(stock);
      x.dispose();
    });
  }

  it('computes no gradient of the input images, and infers with the fused op', async () => {
    const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 8);
    const m = model(trainableConv2d, true, 1, 'same');
    const names = async (f: () => void) => (await tf.profile(f)).kernels.map((k) => k.name);
    const training = await names(() => void trainingStep(m, x));
    expect(training.filter((n) => n === 'Conv2DBackpropInput')).toHaveLength(1); // the second layer's only
    expect(training.filter((n) => n === CONV_BIAS_KERNEL)).toHaveLength(2); // conv and bias in one kernel
    const stockTraining = await names(
      () =>
        void trainingStep(
          model((a) => tf.layers.conv2d(a), true, 1, 'same'),
          x,
        ),
    );
    expect(stockTraining.filter((n) => n === 'Conv2DBackpropInput')).toHaveLength(2);
    const inference = await names(() => void (m.predict(x) as tf.Tensor).dataSync());
    expect(inference).toContain('FusedConv2D');
    x.dispose();
  });

  it('saves as Conv2D and loads with stock tfjs', async () => {
    const m = model(trainableConv2d, true, 1, 'same');
    const saved: { artifacts?: tf.io.ModelArtifacts } = {};
    await m.save(tf.io.withSaveHandler(async (a) => ((saved.artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    expect(JSON.stringify(saved.artifacts!.modelTopology)).toContain('"class_name":"Conv2D"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved.artifacts!));
    const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 9);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((m.predict(x) as tf.Tensor).dataSync()));
  });
});
