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

/**
 * @param t teacher samples [B, HW, C_T], raw or already normalised (normalising is idempotent)
 * @param s student samples [B, HW, C_S], likewise; the gradient flows to s only
 */
export function normalizedGrams(t: tf.Tensor3D, s: tf.Tensor3D): NormalizedGrams {
  const cS = s.shape[2];
  const gTT = tf.matMul(t, t, true, false) as tf.Tensor3D; // [B, C_T, C_T]
  const invT = normFactors(gTT).inv; // [B, C_T]
  const tt = scaleRowsCols(gTT, invT, invT);
  const studentGrams = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor3D; // [B, HW, C_S]
    const save = args[1] as tf.GradSaveFunc;
    const gSS = tf.matMul(x, x, true, false) as tf.Tensor3D; // [B, C_S, C_S]
    const { inv, live } = normFactors(gSS); // [B, C_S]
    const gST = tf.matMul(x, t, true, false) as tf.Tensor3D; // [B, C_S, C_T]
    const value = tf.concat([scaleRowsCols(gSS, inv, inv), scaleRowsCols(gST, inv, invT)], 2); // [B, C_S, C_S + C_T]
    save([x, t, value, inv, live, invT]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [xs, ts, grams, invS, liveS, invTs] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const a = tf.slice(dy, [0, 0, 0], [-1, -1, cS]) as tf.Tensor3D; // ∂L/∂Ĝ_SS [B, C_S, C_S]
          const b = tf.slice(dy, [0, 0, cS], [-1, -1, -1]) as tf.Tensor3D; // ∂L/∂Ĝ_ST [B, C_S, C_T]
          const aSym = tf.add(a, tf.transpose(a, [0, 2, 1])) as tf.Tensor3D; // A + Aᵀ
          const radial = tf.sum(tf.mul(grams, tf.concat([aSym, b], 2)), 2) as tf.Tensor2D; // [B, C_S]  r
          const scale = tf.mul(invS, liveS) as tf.Tensor2D; // [B, C_S]  inv on live channels, 0 on dead ones
          const diagR = tf.mul(tf.expandDims(radial, 2), tf.eye(cS)) as tf.Tensor3D; // [B, C_S, C_S]
          const m1 = scaleRowsCols(tf.sub(aSym, diagR) as tf.Tensor3D, invS, scale); // [B, C_S, C_S]
          const m2 = scaleRowsCols(b, scale, invTs); // [B, C_S, C_T]  (the transposed T-side factor)
          // S·M1 + T·M2ᵀ, the sum folded into the first product as a full-shape bias.
          return tf.fused.matMul({ a: xs, b: m1, bias: tf.matMul(ts, m2, false, true) }); // [B, HW, C_S]
        }),
    };
  });
  const both = studentGrams(s) as tf.Tensor3D; // [B, C_S, C_S + C_T]
  const ss = tf.slice(both, [0, 0, 0], [-1, -1, cS]) as tf.Tensor3D;
  const st = tf.slice(both, [0, 0, cS], [-1, -1, -1]) as tf.Tensor3D;
  return { tt, ss, st };
}
