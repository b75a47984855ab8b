// Neuron selectivity transfer, Huang & Wang 2017, "Like What You Like: Knowledge Distill via
// Neuron Selectivity Transfer" (docs/methods.md "NST details").
// For one image every channel's flattened map is one sample in R^HW, normalised
// (f̂ = f · rsqrt(max(Σf², ε²)), see safe-ops.ts). With C_T teacher samples t̂ and C_S student
// samples ŝ:
//   MMD² = 1/C_T² Σ_ii' k(t̂_i, t̂_i') + 1/C_S² Σ_jj' k(ŝ_j, ŝ_j') − 2/(C_T C_S) Σ_ij k(t̂_i, ŝ_j)
//   nst(F_S, F_T) = mean over the batch of MMD²   (teacher–teacher term kept: logged MMD ≥ 0, = 0 when S = T)
// Kernels and how each is computed without ever materialising a [B, C, C, HW] tensor:
//   linear    k = xᵀy             MMD² = ‖mean_i t̂_i − mean_j ŝ_j‖²                       O(C·HW)
//                                 (the means straight from the raw samples: nst-mean.ts)
//   poly      k = (xᵀy + c)^d     C×C form: K_TT, K_SS, K_TS = (X̂ᵀŶ + c)^d, elementwise pow of the
//                                 normalised Gram matrices (X̂ = [HW, C] with one unit column per
//                                 channel; nst-grams.ts forms X̂ᵀŶ from the raw features)
//                                 HW×HW form (d = 2 only): ‖G_T − G_S‖²_F + 2c‖μ_T − μ_S‖²,
//                                 G = X̂X̂ᵀ / C; whichever form holds fewer values is used
//   gaussian  k = exp(−‖x − y‖² / (2σ²)), ‖x − y‖² = ‖x‖² + ‖y‖² − 2xᵀy clamped ≥ 0. docs/methods.md
//             writes 2 − 2xᵀy, the same for unit vectors; a dead (all-zero) channel normalises to
//             the zero vector, whose true distance to a unit vector is 1 and to itself 0, so the
//             norms are kept. σ² is fixed by the user or, per image, the mean of ‖a − b‖² over all
//             ordered pairs (diagonal included) of the pooled C_T + C_S vectors, held constant
//             (no gradient through σ²; nst-gaussian.ts). Distances come from the same
//             normalised Gram matrices as the poly C×C form.
// NST is invariant to rescaling any single channel; C_T ≠ C_S is fine; H×W must match.
// The teacher is frozen (its outputs come from outside the gradient closure): the C×C and
// Gaussian forms pass gradients to the student only.
import * as tf from '@tensorflow/tfjs';
import { expectFeaturePair, expectNumber, LossInputError } from './checks';
import { gaussianMmd } from './nst-gaussian';
import { applyToGrams, column, mmdFromMeans } from './nst-grams';
import { normalizedChannelMean } from './nst-mean';
import { l2Normalize } from './safe-ops';
import { choosePolyForm, type PolyForm } from '../../../../shared/term-forms';

// The C×C-or-HW×HW rule lives in shared/ so the New run form's cost estimate follows it too.
export { choosePolyForm, type PolyForm };

export { gaussianMmd } from './nst-gaussian';

export type NstKernel = 'linear' | 'poly' | 'gaussian';

export interface NstOptions {
  kernel: NstKernel;
  /** poly: exponent d, a positive integer (default 2). */
  degree?: number;
  /** poly: offset c (default 0). */
  c?: number;
  /** gaussian: bandwidth σ² > 0; omitted = automatic per image (header). */
  sigma2?: number;
}

/** Options with defaults applied; `sigma2` stays undefined for the automatic bandwidth. */
interface KernelParams {
  degree: number;
  c: number;
  sigma2: number | undefined;
}

/** Per-image MMD² [B] from raw samples t [B, HW, C_T] and s [B, HW, C_S] (one column per channel). */
type MmdFn = (t: tf.Tensor3D, s: tf.Tensor3D, params: KernelParams) => tf.Tensor1D;

const MMD_BY_KERNEL: Readonly<Record<NstKernel, MmdFn>> = {
  linear: (t, s) => squaredGap(normalizedChannelMean(t), normalizedChannelMean(s)),
  poly: (t, s, { degree, c }) =>
    choosePolyForm(t.shape[2], s.shape[2], t.shape[1], degree) === 'position'
      ? polyMmdPositionForm(normalizeSamples(t), normalizeSamples(s), c)
      : polyMmdChannelForm(t, s, degree, c),
  gaussian: (t, s, { sigma2 }) => gaussianMmd(t, s, sigma2),
};

/** Names of the NST kernels, for forms and error messages. */
export const NST_KERNELS = Object.keys(MMD_BY_KERNEL) as NstKernel[];

/**
 * @param student [B, H, W, C_S]
 * @param teacher [B, H, W, C_T]
 * @returns scalar, batch mean of the per-image MMD² (unweighted; λ belongs to the objective)
 */
export function nstLoss(student: tf.Tensor4D, teacher: tf.Tensor4D, opts: NstOptions): tf.Scalar {
  expectFeaturePair('nstLoss', student, teacher);
  const kernel = opts?.kernel;
  if (!Object.hasOwn(MMD_BY_KERNEL, kernel)) {
    throw new LossInputError(`nstLoss: unknown kernel '${String(kernel)}'; use one of ${NST_KERNELS.join(', ')}`);
  }
  const params = resolveParams(opts);
  return tf.tidy(() => {
    const t = rawSamples(teacher); // [B, HW, C_T]
    const s = rawSamples(student); // [B, HW, C_S]
    return tf.mean(MMD_BY_KERNEL[kernel](t, s, params)) as tf.Scalar;
  });
}

function resolveParams(opts: NstOptions): KernelParams {
  const degree = opts.degree ?? 2;
  const c = opts.c ?? 0;
  expectNumber('nstLoss', 'degree', degree, (d) => Number.isInteger(d) && d >= 1, 'a positive integer');
  expectNumber('nstLoss', 'c', c, () => true, 'a finite number');
  if (opts.sigma2 !== undefined) {
    expectNumber('nstLoss', 'sigma2', opts.sigma2, (v) => v > 0, 'a finite number > 0, or omitted for automatic');
  }
  return { degree, c, sigma2: opts.sigma2 };
}

/**
 * [B, H, W, C] → [B, HW, C] with every column (one channel's flattened map, one NST sample)
 * L2-normalised. NHWC needs only a reshape for this layout; the kernel matrices are then
 * matMuls with transposeA, so no [B, C, HW] transpose is ever made.
 */
export function selectivitySamples(features: tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => normalizeSamples(rawSamples(features))); // [B, HW, C]
}

/** [B, H, W, C] → [B, HW, C], a reshape (no copy): one column per channel. */
function rawSamples(features: tf.Tensor4D): tf.Tensor3D {
  const [b, h, w, c] = features.shape;
  return tf.reshape(features, [b, h * w, c]) as tf.Tensor3D;
}

/** [B, HW, C] with every column L2-normalised (safe-ops.ts). */
function normalizeSamples(samples: tf.Tensor3D): tf.Tensor3D {
  return l2Normalize(samples, 1);
}

/**
 * Linear kernel: MMD² = ‖mean_i t̂_i − mean_j ŝ_j‖² per image → [B], from normalised samples
 * t̂ [B, HW, C_T], ŝ [B, HW, C_S] (the linear kernel itself starts from the raw samples:
 * nst-mean.ts).
 */
export function linearMmd(t: tf.Tensor3D, s: tf.Tensor3D): tf.Tensor1D {
  return squaredGap(tf.mean(t, 2) as tf.Tensor2D, tf.mean(s, 2) as tf.Tensor2D);
}

/** ‖μ_T − μ_S‖² per image: [B, HW] twice → [B]. */
function squaredGap(meanT: tf.Tensor2D, meanS: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.square(tf.sub(meanT, meanS)), 1) as tf.Tensor1D;
}

/**
 * Poly kernel, C×C form, any d and c: mean K_TT + mean K_SS − 2 mean K_TS per image → [B].
 * t, s: samples [B, HW, C], raw or normalised (they are normalised through their Gram matrices).
 */
export function polyMmdChannelForm(t: tf.Tensor3D, s: tf.Tensor3D, degree: number, c: number): tf.Tensor1D {
  const shifted = (g: tf.Tensor3D) => (c === 0 ? g : tf.add(g, c)); // Ĝ + c
  // d = 2 (the default) as a square: the same values as pow (a float32 squared is exact in double).
  const kernel = (g: tf.Tensor3D) => (degree === 2 ? tf.square(shifted(g)) : tf.pow(shifted(g), degree));
  const meanKernel = (g: tf.Tensor3D) => tf.mean(kernel(g), [1, 2]) as tf.Tensor1D; // [B]
  /** ∂ mean((Ĝ + c)^d) / ∂Ĝ = d(Ĝ + c)^(d−1) / (rows·cols), times the incoming gradient w [B]. */
  const slope = (g: tf.Tensor3D, w: tf.Tensor1D): tf.Tensor3D => {
    const power = degree === 1 ? tf.onesLike(g) : degree === 2 ? shifted(g) : tf.pow(shifted(g), degree - 1);
    return tf.mul(power, tf.reshape(tf.div(tf.mul(w, degree), g.shape[1] * g.shape[2]), [-1, 1, 1])) as tf.Tensor3D;
  };
  const means = applyToGrams(t, s, {
    forward: ({ tt, ss, st }) => ({ value: tf.stack([meanKernel(tt), meanKernel(ss), meanKernel(st)], 1) as tf.Tensor2D, keep: {} }),
    slopes: ({ ss, st }, dy) => ({ ss: slope(ss, column(dy, 1)), st: slope(st, column(dy, 2)) }),
  }); // [B, 3]
  return mmdFromMeans(column(means, 0), column(means, 1), column(means, 2));
}

/**
 * Poly kernel with d = 2, HW×HW form: MMD² = ‖G_T − G_S‖²_F + 2c‖μ_T − μ_S‖², G = X̂X̂ᵀ / C
 * (expanding (xᵀy + c)² = (xᵀy)² + 2c·xᵀy + c²; the c² terms cancel). G_T − G_S = UVᵀ with
 * U = [t̂/C_T, ŝ/C_S], V = [t̂, −ŝ] side by side over channels, one batched matMul → [B, HW, HW].
 */
export function polyMmdPositionForm(t: tf.Tensor3D, s: tf.Tensor3D, c: number): tf.Tensor1D {
  const cT = t.shape[2];
  const cS = s.shape[2];
  const u = tf.concat([tf.div(t, cT), tf.div(s, cS)], 2); // [B, HW, C_T + C_S]
  const v = tf.concat([t, tf.neg(s)], 2); // [B, HW, C_T + C_S]
  const gramGap = tf.matMul(u, v, false, true); // [B, HW, HW]  G_T − G_S
  const mmd = tf.sum(tf.square(gramGap), [1, 2]) as tf.Tensor1D; // [B]
  return c === 0 ? mmd : (tf.add(mmd, tf.mul(linearMmd(t, s), 2 * c)) as tf.Tensor1D);
}
