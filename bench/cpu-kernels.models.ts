// Models and the training step for the cpu-kernel benchmark.
// resnet8: CIFAR-style ResNet (He et al. 2016, "Deep Residual Learning", §4.2 layout): a 3×3 conv
// stem with 16 channels, then three stages of one basic block each (16, 32, 64 channels; stages 2
// and 3 downsample with stride 2), every conv followed by batch norm, 1×1 conv + BN projection
// shortcuts where the shape changes, global average pooling and a 10-way dense layer.
//   x [B, 32, 32, 3] → [B, 32, 32, 16] → [B, 16, 16, 32] → [B, 8, 8, 64] → GAP [B, 64] → [B, 10]
// 78,714 weights (78k trainable + BN statistics). Built here because the benchmark must not
// depend on the model zoo's evolving builders; the MNIST CNN and the zoo's own resnet8 (which
// pads explicitly before stride-2 convs, as PyTorch does) come from the zoo as trained by the app.
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../src-main/training/core/models/registry';
import { fastBatchNormalization } from '../src-main/training/core/models/fast-batch-norm-layer';

type Sym = tf.SymbolicTensor;

export function buildResnet8(seed: number): tf.LayersModel {
  let k = 0;
  const conv = (x: Sym, filters: number, kernelSize: number, strides: number): Sym =>
    tf.layers
      .conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: seed * 101 + k++ }) })
      .apply(x) as Sym;
  // The app's batch norm layer: tfjs's own, with one kernel each way in training where the backend has them.
  const bn = (x: Sym): Sym => fastBatchNormalization({ axis: -1 }).apply(x) as Sym;
  const relu = (x: Sym): Sym => tf.layers.reLU().apply(x) as Sym;

  const input = tf.input({ shape: [32, 32, 3] });
  let x = relu(bn(conv(input, 16, 3, 1)));
  let inC = 16;
  for (const [outC, stride] of [
    [16, 1],
    [32, 2],
    [64, 2],
  ] as const) {
    const y = bn(conv(relu(bn(conv(x, outC, 3, stride))), outC, 3, 1));
    const shortcut = inC !== outC || stride !== 1 ? bn(conv(x, outC, 1, stride)) : x;
    x = relu(tf.layers.add().apply([y, shortcut]) as Sym);
    inC = outC;
  }
  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as Sym;
  const logits = tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 101 + k }) }).apply(pooled) as Sym;
  return tf.model({ inputs: input, outputs: logits, name: 'resnet8' });
}

/** The app's small MNIST CNN (models/cnn.ts through the zoo registry): outputs [logits, ...taps]. */
export function buildMnistCnn(seed: number): tf.LayersModel {
  return buildModel('cnn', [28, 28, 1], 10, seed).model;
}

/** The model zoo's resnet8 for CIFAR-shaped input: outputs [logits, ...taps]. */
export function buildZooResnet8(seed: number): tf.LayersModel {
  return buildModel('resnet8', [32, 32, 3], 10, seed).model;
}

export interface Trainer {
  /** One SGD-with-momentum step (forward, backward, update), as the training loop does it. */
  step(): { loss: number; grads: Float32Array[] | null };
  /** Put the initial weights back, with a fresh optimizer: the next step is the first again. */
  reset(): void;
  dispose(): void;
}

/** A trainer on fixed seeded data; `keepGrads` copies the gradients out (for comparisons). */
export function makeTrainer(model: tf.LayersModel, inputShape: number[], batch: number, seed: number): Trainer & { keepGrads: boolean } {
  const x = tf.randomNormal([batch, ...inputShape], 0, 1, 'float32', seed);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => (i * 7 + seed) % 10),
      'int32',
    ),
    10,
  );
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const initial = model.getWeights().map((w) => w.clone());
  let optimizer = tf.train.momentum(0.01, 0.9);
  const trainer = {
    keepGrads: false,
    step() {
      const { value, grads } = tf.variableGrads(() => {
        const out = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
        const logits = Array.isArray(out) ? out[0]! : out;
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      }, weights);
      const loss = value.dataSync()[0]!;
      const kept = trainer.keepGrads ? weights.map((w) => Float32Array.from(grads[w.name]!.dataSync())) : null;
      optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
      tf.dispose([value, ...Object.values(grads)]);
      return { loss, grads: kept };
    },
    reset() {
      model.setWeights(initial);
      optimizer.dispose();
      optimizer = tf.train.momentum(0.01, 0.9);
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([x, y, ...initial]);
    },
  };
  return trainer;
}
