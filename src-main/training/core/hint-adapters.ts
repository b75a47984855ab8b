// FitNets adapters r(·) (Romero et al. 2015): one small trainable regressor per hint term that maps
// a student feature map [B, H_S, W_S, C_S] to the teacher's [B, H_T, W_T, C_T]: conv + BN + ReLU,
// 1×1 when sizes match, 3×3 stride 2 when the student is 2× larger, upsampling ×2 then 1×1 when it
// is 2× smaller (docs/methods.md). Trained with the student.
//
// In training mode the layers before the BatchNormalization run as they are, and BN + ReLU run as
// one op with a written-out gradient (batchNormRelu below): the same forward values and moving
// averages as the layers (the same ops), and the textbook batch-norm gradient, which autodiff
// through tf.moments and tf.batchNorm spreads over some twenty feature-sized tensors (the
// adapter works at the student tap's resolution, so these dominate a FitNet step's overhead).
import * as tf from '@tensorflow/tfjs';
import { METHODS } from '../../../shared/methods';
import type { Term } from '../../../shared/schemas/run-config';
import { termName } from './terms';
import { hintAdapterForm } from '../../../shared/term-forms';

export interface HintAdapters {
  apply(name: string, studentFeature: tf.Tensor4D, training: boolean): tf.Tensor4D;
  readonly models: ReadonlyMap<string, tf.LayersModel>;
  trainableVariables(): tf.Variable[];
  dispose(): void;
}

type Shape3 = [number, number, number];

function buildAdapter(name: string, s: Shape3, t: Shape3, seed: number): tf.LayersModel {
  const input = tf.input({ shape: s });
  let x: tf.SymbolicTensor = input;
  const init = tf.initializers.heNormal({ seed });
  const form = hintAdapterForm(s, t);
  if (!form) {
    throw new Error(`hint ${name}: student map ${s.join('×')} and teacher map ${t.join('×')} differ by more than 2×; pick taps of closer sizes`);
  }
  const kernel = form === '3x3-stride2' ? 3 : 1;
  const strides = form === '3x3-stride2' ? 2 : 1;
  if (form === 'upsample-1x1') x = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: t[2], kernelSize: kernel, strides, padding: 'same', useBias: false, kernelInitializer: init }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: `hint_adapter_${name.replace(/[^a-z0-9]/gi, '_')}` });
}

/** Builds adapters for every hint term from the tap shapes ([H, W, C], batch excluded). */
export function buildHintAdapters(
  terms: readonly Term[],
  studentShapes: ReadonlyMap<string, Shape3>,
  teacherShapes: ReadonlyMap<string, Shape3>,
  seed: number,
): HintAdapters | null {
  const hints = terms.filter((t) => METHODS[t.method].consumes === 'adapted-maps');
  if (hints.length === 0) return null;
  const models = new Map<string, tf.LayersModel>();
  hints.forEach((t, i) => {
    const s = studentShapes.get(t.studentTap!);
    const te = teacherShapes.get(t.teacherTap!);
    if (!s || !te) throw new Error(`hint ${termName(t)}: unknown tap`);
    models.set(termName(t), buildAdapter(termName(t), s, te, seed * 31 + i));
  });
  return {
    models,
    apply: (name, f, training) => {
      const model = models.get(name)!;
      return training && endsWithBatchNormRelu(model) ? trainingForward(model, f) : (model.apply(f, { training }) as tf.Tensor4D);
    },
    trainableVariables: () => [...models.values()].flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable)),
    dispose: () => models.forEach((m) => m.dispose()),
  };
}

/** The adapter ends with BatchNormalization then ReLU (as buildAdapter makes it). */
function endsWithBatchNormRelu(model: tf.LayersModel): boolean {
  const kinds = model.layers.map((l) => l.getClassName());
  return kinds.at(-2) === 'BatchNormalization' && kinds.at(-1) === 'ReLU';
}

/** Training-mode forward: every layer before the BN as is, then BN (batch statistics) + ReLU fused. */
function trainingForward(model: tf.LayersModel, x: tf.Tensor4D): tf.Tensor4D {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  let h: tf.Tensor = x;
  for (const layer of layers.slice(0, -2)) h = layer.apply(h, { training: true }) as tf.Tensor;
  return batchNormReluTraining(layers.at(-2)!, h as tf.Tensor4D);
}

/**
 * BatchNormalization in training mode followed by ReLU, as tf.layers computes it: statistics
 * from tf.moments over [B, H, W], y = relu(batchNorm(z, μ, σ², β, γ, ε)), and the moving
 * averages updated as the layer does (v ← v − (v − value)·(1 − momentum)).
 */
function batchNormReluTraining(layer: tf.layers.Layer, z: tf.Tensor4D): tf.Tensor4D {
  const weight = (suffix: string) => layer.weights.find((w) => w.name.endsWith(suffix))!;
  const { momentum, epsilon } = layer.getConfig() as { momentum: number; epsilon: number };
  // tf.moments' own ops (bit-identical statistics), keeping z − μ for the gradient.
  const mean = tf.mean(z, [0, 1, 2]) as tf.Tensor1D; // [C]
  const centred = tf.sub(z, tf.reshape(mean, [1, 1, 1, -1])) as tf.Tensor4D; // [B, H, W, C]
  const variance = tf.mean(tf.square(centred), [0, 1, 2]) as tf.Tensor1D; // [C]
  for (const [w, value] of [
    [weight('moving_mean'), mean],
    [weight('moving_variance'), variance],
  ] as const) {
    tf.tidy(() => {
      const orig = w.read();
      w.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - momentum)));
    });
  }
  const gamma = weight('gamma').read();
  const beta = weight('beta').read();
  return batchNormRelu(mean, variance, centred, epsilon)(z, gamma, beta);
}

/**
 * y = relu(γ·(z − μ)/√(σ² + ε) + β) with batch statistics μ, σ² of z, and its gradient in closed
 * form (Ioffe & Szegedy 2015, with the statistics' own dependence on z), for g = dy·[y > 0],
 * N = B·H·W, inv = 1/√(σ² + ε), per channel:
 *   ∂β = Σ g,   ∂γ = inv · Σ g·(z − μ)
 *   ∂z = γ·inv · (g − Σg / N − (z − μ) · inv² · Σ g·(z − μ) / N)
 * The per-channel affine part of ∂z, k3 + (z − μ)·k2, is one FusedBatchNorm with variance 1 and
 * ε = 0 (offset k3, scale k2): one feature-sized pass instead of two.
 */
function batchNormRelu(mean: tf.Tensor1D, variance: tf.Tensor1D, centred: tf.Tensor4D, epsilon: number) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [z, gamma, beta] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const y = tf.tidy(() => tf.relu(tf.batchNorm(z, mean, variance, beta, gamma, epsilon))); // [B, H, W, C]
    save([z, gamma, y, mean, variance, centred]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [zs, g0, ys, mu, v, zc] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor4D];
          const n = zs.size / zs.shape[3];
          const g = tf.mul(dy, tf.step(ys)); // [B, H, W, C]  ReLU's gradient
          const inv = tf.rsqrt(tf.add(v, epsilon)); // [C]
          const sumG = tf.sum(g, [0, 1, 2]); // [C]
          const sumGz = tf.sum(tf.mul(g, zc), [0, 1, 2]); // [C]
          const k1 = tf.mul(g0, inv); // [C]  γ·inv
          const k2 = tf.neg(tf.div(tf.mul(k1, tf.mul(tf.square(inv), sumGz)), n)); // [C]
          const k3 = tf.neg(tf.div(tf.mul(k1, sumG), n)); // [C]
          const affine = tf.batchNorm(zs, mu, tf.onesLike(v), k3, k2, 0); // [B, H, W, C]  k3 + (z − μ)·k2
          const dz = tf.add(tf.mul(g, k1), affine); // [B, H, W, C]
          return [dz, tf.mul(sumGz, inv), sumG];
        }),
    };
  });
}
