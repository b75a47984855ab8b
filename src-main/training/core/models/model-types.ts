// Shared shape of a model in the zoo: its architecture spec (built into a tf.LayersModel whose
// outputs are [logits, ...feature taps] by tfjs-ops.ts), plus the analytic description (parameters,
// multiply-adds, tap shapes) measured without building it.
import type { Architecture, Shape } from './net-ops';

export interface ModelSpec {
  name: string;
  description: string;
  /** The architecture, written once over NetOps (see net-ops.ts). */
  define: Architecture;
}

export interface TapShape {
  name: string;
  /** Without the batch dimension: [classes] for `logits`, [H, W, C] for feature maps. */
  shape: Shape;
}

export interface ModelDescription {
  /** Trainable parameters: conv/dense weights and biases, BN γ and β (PyTorch's parameters()). */
  params: number;
  /** BN moving mean and variance (PyTorch buffers): 2 per BN channel, not counted in `params`. */
  nonTrainableParams: number;
  /**
   * Multiply-accumulates (MACs) of the conv and dense layers for one image: H'·W'·k²·C_in·C_out per
   * conv, in·out per dense. Bias adds, BN, ReLU, pooling and residual adds are not counted.
   * The literature's "FLOPs" for CIFAR ResNets (e.g. resnet20 ≈ 41M) use this convention.
   */
  flops: number;
  /**
   * Multiply-accumulates of one plain (CE) training step for one image: every conv and dense
   * layer's forward, filter gradient and input gradient, except the input gradient of layers fed
   * by the image itself (nothing needs it; the layers skip it: trainable-conv-layer.ts). About
   * 3 × flops.
   */
  stepMacs: number;
  /** Every output in model order, logits first (names match BuiltModel.taps). */
  taps: TapShape[];
}
