// Normalised Gram matrices of NST selectivity samples (ALGORITHMS.md "NST"), computed from the raw
// features so the normalised [B, HW, C] samples are never materialised:
//   X [HW, C] one image's samples (one column per channel), n_j = Σ_hw x_j², the diagonal of XᵀX
//   inv_j = rsqrt(max(n_j, ε²)), x̂_j = x_j · inv_j            (safe-ops.ts l2Normalize, same ε)
//   X̂ᵀŶ = diag(inv_X) · XᵀY · diag(inv_Y)
// so the kernel matrices cost one batched matMul each (XᵀX only half: a Gram matrix) plus
// C×C scalings, and the squared norms come for free from the Gram diagonals. Every C×C and HW×HW
// kernel formula of nst.ts needs only these matrices.
//
// Gradient (student side only: the teacher is frozen and is a constant here, as in the objective,
// where its outputs come from outside the gradient closure). With A = ∂L/∂Ĝ_SS, B = ∂L/∂Ĝ_ST:
//   ∂L/∂Ŝ = Ŝ(A + Aᵀ) + T̂Bᵀ,   r_j = ⟨ŝ_j, ∂L/∂ŝ_j⟩ = Σ_i Ĝ_SS[j,i](A + Aᵀ)[j,i] + Σ_i Ĝ_ST[j,i]B[j,i]
//   ∂L/∂S = (∂L/∂Ŝ − Ŝ diag(r)) · diag(inv · live)          (l2Normalize's gradient, dead → 0)
//         = S · diag(inv)(A + Aᵀ − diag(r))diag(inv·live) + T · diag(inv_T)Bᵀdiag(inv·live)
// i.e. two [HW, C] × [C, C] matMuls per image: the backward pass never forms Ŝ either.
// Two entry points: normalizedGrams (the matrices themselves; A and B come from autodiff of
// whatever the caller computes from them: the Gaussian kernel) and polyKernelMeans (the C×C
// poly kernel's per-image means, with A and B in closed form).
import * as tf from '@tensorflow/tfjs';
import { NORM_EPSILON } from './safe-ops';

const NORM_EPSILON_SQ = NORM_EPSILON * NORM_EPSILON; // 1e-24, see safe-ops.ts

export interface NormalizedGrams {
  /** Ĝ_TT = T̂ᵀT̂ [B, C_T, C_T] (no gradient). */
  tt: tf.Tensor3D;
  /** Ĝ_SS = ŜᵀŜ [B, C_S, C_S]. */
  ss: tf.Tensor3D;
  /** Ĝ_ST = ŜᵀT̂ [B, C_S, C_T]. */
  st: tf.Tensor3D;
}

/** Normalisation factors from a Gram matrix's diagonal [B, C, C]: inv [B, C], live [B, C] (1 live, 0 dead). */
function normFactors(gram: tf.Tensor3D): { inv: tf.Tensor2D; live: tf.Tensor2D } {
  const squaredNorms = tf.sum(tf.mul(gram, tf.eye(gram.shape[1])), 2) as tf.Tensor2D; // [B, C]
  return {
    inv: tf.rsqrt(tf.maximum(squaredNorms, NORM_EPSILON_SQ)) as tf.Tensor2D,
    live: tf.cast(tf.greater(squaredNorms, NORM_EPSILON_SQ), 'float32') as tf.Tensor2D,
  };
}

/** diag(rows) · m · diag(cols): m [B, R, C], rows [B, R], cols [B, C]. */
function scaleRowsCols(m: tf.Tensor3D, rows: tf.Tensor2D, cols: tf.Tensor2D): tf.Tensor3D {
  return tf.mul(tf.mul(m, tf.expandDims(rows, 2)), tf.expandDims(cols, 1)) as tf.Tensor3D;
}

/** Ĝ_TT and the teacher's inverse norms, from raw or normalised teacher samples t [B, HW, C_T]. */
function teacherGram(t: tf.Tensor3D): { tt: tf.Tensor3D; invT: tf.Tensor2D } {
  const gTT = tf.matMul(t, t, true, false) as tf.Tensor3D; // [B, C_T, C_T]
  const invT = normFactors(gTT).inv; // [B, C_T]
  return { tt: scaleRowsCols(gTT, invT, invT), invT };
}

/** What the student-side forward computes and its gradient needs (all kept by the tape). */
interface StudentSide {
  x: tf.Tensor3D; // raw student samples [B, HW, C_S]
  t: tf.Tensor3D; // teacher samples [B, HW, C_T]
  ss: tf.Tensor3D; // Ĝ_SS [B, C_S, C_S]
  st: tf.Tensor3D; // Ĝ_ST [B, C_S, C_T]
  inv: tf.Tensor2D; // [B, C_S]
  live: tf.Tensor2D; // [B, C_S]
  invT: tf.Tensor2D; // [B, C_T]
}

function studentGrams(x: tf.Tensor3D, t: tf.Tensor3D, invT: tf.Tensor2D): StudentSide {
  const gSS = tf.matMul(x, x, true, false) as tf.Tensor3D; // [B, C_S, C_S]
  const { inv, live } = normFactors(gSS); // [B, C_S]
  const gST = tf.matMul(x, t, true, false) as tf.Tensor3D; // [B, C_S, C_T]
  return { x, t, ss: scaleRowsCols(gSS, inv, inv), st: scaleRowsCols(gST, inv, invT), inv, live, invT };
}

const asSaved = (p: StudentSide): tf.Tensor[] => [p.x, p.t, p.ss, p.st, p.inv, p.live, p.invT];
const fromSaved = (saved: tf.Tensor[]): StudentSide => {
  const [x, t, ss, st, inv, live, invT] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  return { x, t, ss, st, inv, live, invT };
};

/** ∂L/∂S [B, HW, C_S] from A = ∂L/∂Ĝ_SS [B, C_S, C_S] and B = ∂L/∂Ĝ_ST [B, C_S, C_T] (header). */
function studentGradient(p: StudentSide, a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const cS = p.inv.shape[1];
  const aSym = tf.add(a, tf.transpose(a, [0, 2, 1])) as tf.Tensor3D; // A + Aᵀ
  const radial = tf.add(tf.sum(tf.mul(p.ss, aSym), 2), tf.sum(tf.mul(p.st, b), 2)) as tf.Tensor2D; // [B, C_S]  r
  const scale = tf.mul(p.inv, p.live) as tf.Tensor2D; // [B, C_S]  inv on live channels, 0 on dead ones
  const diagR = tf.mul(tf.expandDims(radial, 2), tf.eye(cS)) as tf.Tensor3D; // [B, C_S, C_S]
  const m1 = scaleRowsCols(tf.sub(aSym, diagR) as tf.Tensor3D, p.inv, scale); // [B, C_S, C_S]
  const m2 = scaleRowsCols(b, scale, p.invT); // [B, C_S, C_T]  (the transposed T-side factor)
  // S·M1 + T·M2ᵀ, the sum folded into the first product as a full-shape bias.
  return tf.fused.matMul({ a: p.x, b: m1, bias: tf.matMul(p.t, m2, false, true) }) as tf.Tensor3D; // [B, HW, C_S]
}

/**
 * @param t teacher samples [B, HW, C_T], raw or already normalised (normalising is idempotent)
 * @param s student samples [B, HW, C_S], likewise; the gradient flows to s only
 */
export function normalizedGrams(t: tf.Tensor3D, s: tf.Tensor3D): NormalizedGrams {
  const cS = s.shape[2];
  const { tt, invT } = teacherGram(t);
  // customGrad returns one tensor: Ĝ_SS and Ĝ_ST side by side [B, C_S, C_S + C_T], split below.
  const both = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const p = studentGrams(args[0] as tf.Tensor3D, t, invT);
    (args[1] as tf.GradSaveFunc)(asSaved(p));
    return {
      value: tf.concat([p.ss, p.st], 2),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const a = tf.slice(dy, [0, 0, 0], [-1, -1, cS]) as tf.Tensor3D; // ∂L/∂Ĝ_SS
          const b = tf.slice(dy, [0, 0, cS], [-1, -1, -1]) as tf.Tensor3D; // ∂L/∂Ĝ_ST
          return studentGradient(fromSaved(saved), a, b);
        }),
    };
  })(s) as tf.Tensor3D;
  return { tt, ss: tf.slice(both, [0, 0, 0], [-1, -1, cS]) as tf.Tensor3D, st: tf.slice(both, [0, 0, cS], [-1, -1, -1]) as tf.Tensor3D };
}

/**
 * Poly kernel k = (x̂ᵀŷ + c)^d, C×C form: the per-image means of K_TT, K_SS and K_ST [B] each.
 * Forward values are those of mean((Ĝ + c)^d) on normalizedGrams' matrices; the gradient uses
 * ∂ mean(K_SS)/∂Ĝ_SS = d(Ĝ_SS + c)^(d−1) / C_S², ∂ mean(K_ST)/∂Ĝ_ST = d(Ĝ_ST + c)^(d−1) / (C_S C_T),
 * so no autodiff runs over the C×C matrices.
 */
export function polyKernelMeans(t: tf.Tensor3D, s: tf.Tensor3D, degree: number, c: number): { tt: tf.Tensor1D; ss: tf.Tensor1D; st: tf.Tensor1D } {
  const shifted = (g: tf.Tensor3D) => (c === 0 ? g : tf.add(g, c)); // Ĝ + c
  // d = 2 (the default) as a square: the same values as pow (a float32 squared is exact in double).
  const kernel = (g: tf.Tensor3D) => (degree === 2 ? tf.square(shifted(g)) : tf.pow(shifted(g), degree));
  const meanKernel = (g: tf.Tensor3D) => tf.mean(kernel(g), [1, 2]) as tf.Tensor1D; // [B]
  /** ∂ mean((g + c)^d) / ∂g, times the incoming gradient w [B]. */
  const slope = (g: tf.Tensor3D, w: tf.Tensor1D): tf.Tensor3D => {
    const power = degree === 1 ? tf.onesLike(g) : degree === 2 ? shifted(g) : tf.pow(shifted(g), degree - 1);
    return tf.mul(power, tf.reshape(tf.div(tf.mul(w, degree), g.shape[1] * g.shape[2]), [-1, 1, 1])) as tf.Tensor3D;
  };
  const { tt, invT } = teacherGram(t);
  // customGrad returns one tensor: the K_SS and K_ST means stacked [B, 2], split below.
  const means = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const p = studentGrams(args[0] as tf.Tensor3D, t, invT);
    (args[1] as tf.GradSaveFunc)(asSaved(p));
    return {
      value: tf.stack([meanKernel(p.ss), meanKernel(p.st)], 1), // [B, 2]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const q = fromSaved(saved);
          return studentGradient(q, slope(q.ss, column(dy, 0)), slope(q.st, column(dy, 1)));
        }),
    };
  })(s) as tf.Tensor2D;
  return { tt: meanKernel(tt), ss: column(means, 0), st: column(means, 1) };
}

/** Column j of a [B, n] matrix as [B] (a slice: tf.unstack's kernel is slow on the cpu backend). */
function column(m: tf.Tensor, j: number): tf.Tensor1D {
  return tf.reshape(tf.slice(m, [0, j], [-1, 1]), [-1]) as tf.Tensor1D;
}
