// FitNets adapters r(·) (Romero et al. 2015): one small trainable regressor per hint term that maps
// a student feature map [B, H_S, W_S, C_S] to the teacher's [B, H_T, W_T, C_T]: conv + BN + ReLU,
// 1×1 when sizes match, 3×3 stride 2 when the student is 2× larger, upsampling ×2 then 1×1 when it
// is 2× smaller (ALGORITHMS.md "FitNets hint"). Trained with the student.
import * as tf from '@tensorflow/tfjs';
import type { Term } from '../../../shared/schemas/run-config';
import { termName } from './terms';

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
  let kernel = 1;
  let strides = 1;
  if (s[0] === 2 * t[0] && s[1] === 2 * t[1]) {
    kernel = 3;
    strides = 2;
  } else if (2 * s[0] === t[0] && 2 * s[1] === t[1]) {
    x = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
  } else if (s[0] !== t[0] || s[1] !== t[1]) {
    throw new Error(`hint ${name}: student map ${s.join('×')} and teacher map ${t.join('×')} differ by more than 2×; pick taps of closer sizes`);
  }
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
  const hints = terms.filter((t) => t.method === 'hint');
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
    apply: (name, f, training) => models.get(name)!.apply(f, { training }) as tf.Tensor4D,
    trainableVariables: () => [...models.values()].flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable)),
    dispose: () => models.forEach((m) => m.dispose()),
  };
}
