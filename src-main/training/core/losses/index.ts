// Distillation loss terms: pure functions of tensors returning the unweighted
// scalar term, following docs/methods.md to the letter, plus the name → function registry an
// objective builds its terms from. All feature maps are NHWC [B, H, W, C]. Every function runs
// inside tf.tidy: only the returned tensor outlives the call, and the caller disposes it.
// This folder imports tfjs and the shared/ contract only: no files, processes or Node modules.
export { ceLoss } from './ce';
export { kdLoss, type KdOptions } from './kd';
export { atLoss, attentionVector, type AtOptions } from './at';
export {
  nstLoss,
  NST_KERNELS,
  selectivitySamples,
  choosePolyForm,
  linearMmd,
  polyMmdChannelForm,
  polyMmdPositionForm,
  gaussianMmd,
  type NstKernel,
  type NstOptions,
  type PolyForm,
} from './nst';
export { hintLoss } from './hint';
export { spLoss } from './sp';
export { alignSpatial, resizeBilinear } from './align-spatial';
export { l2Normalize, stopGradient, NORM_EPSILON } from './safe-ops';
export { LossInputError } from './checks';
export { LOSS_REGISTRY, LOSS_NAMES, getLoss, type LossName, type LossOptions, type LossInputs, type RegisteredLoss } from './registry';
