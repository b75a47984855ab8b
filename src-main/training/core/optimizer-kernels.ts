// Fused optimizer updates as single kernels, for backends that register them (the fast cpu
// kernels: src-main/backends/cpu/optimizer-updates.ts). optimizers.ts updates each variable with
// a chain of element-wise ops (SGD with momentum and weight decay: six, each a pass writing a new
// tensor; Adam: twelve); where the active backend has these kernels it runs one per variable
// instead, with the chain's float32 values bit for bit: every step below is rounded to float32
// as the op that computes it in the chain rounds it (fr = round to float32; the hyper-parameters
// enter as float32 scalars, as the chain's scalar tensors hold them):
//   SGD   g1 = wd > 0 ? fr(g + fr(w·wd)) : g
//         μ = 0: w' = fr(w − fr(g1·lr))
//         v' = fr(fr(v·μ) + g1);  d = nesterov ? fr(g1 + fr(v'·μ)) : v';  w' = fr(w − fr(d·lr))
//   Adam  m' = fr(fr(m·β1) + fr(g1·(1−β1)));  v' = fr(fr(v·β2) + fr(fr(g1·g1)·(1−β2)))
//         u = fr(fr(m'/c1) / fr(fr(√fr(v'/c2)) + ε));  w' = fr(w − fr(u·lr))
// Inputs are float32 tensors of one shape; outputs [w', v'] (SGD) and [w', m', v'] (Adam).

export const SGD_UPDATE_KERNEL = 'DistillSgdUpdate';
export const ADAM_UPDATE_KERNEL = 'DistillAdamUpdate';

/** SGD's hyper-parameters (momentum > 0: the kernel keeps a velocity). */
export interface SgdUpdateAttrs {
  lr: number;
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
}

/** Adam's hyper-parameters; c1 = 1 − β1ᵗ and c2 = 1 − β2ᵗ, the bias corrections at step t. */
export interface AdamUpdateAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  c1: number;
  c2: number;
}
