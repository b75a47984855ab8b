// The small layer vocabulary every zoo architecture is written in. Each architecture is one
// function over `NetOps<T>`, interpreted twice: by tfjs-ops.ts (T = tf.SymbolicTensor, a real
// tf.LayersModel) and by meter-ops.ts (T = a shape, counting parameters and multiply-adds
// analytically without allocating weights). One definition, so the two can never drift apart.
//
// Conventions follow the PyTorch reference code (RepDistiller, Tian et al. 2020), NHWC layout:
//   conv     3×3/1×1, zero padding ⌊k/2⌋ on every side, H' = ⌊(H + 2⌊k/2⌋ − k) / s⌋ + 1
//   maxPool  2×2 stride 2, no padding, H' = ⌊H / 2⌋ (a 7×7 map pools to 3×3, as in PyTorch)
//   BN       ε = 1e-5, PyTorch momentum 0.1 (tfjs momentum 0.9), γ = 1, β = 0

/** A feature-map or vector shape without the batch dimension: [H, W, C] or [features]. */
export type Shape = number[];

export interface ConvOptions {
  name: string;
  filters: number;
  /** Square kernel size (odd). */
  kernel: number;
  stride?: number;
  /** Conv bias; RepDistiller's ResNets and WRNs have none, its VGGs keep it before BN. */
  bias?: boolean;
}

/**
 * Dense-layer initialisation, named after the reference code that uses it:
 * - `torch-default`: PyTorch nn.Linear default, weight and bias U(±1/√fan_in) (RepDistiller resnet.py)
 * - `torch-default-zero-bias`: the same weight, bias 0 (RepDistiller wrn.py)
 * - `normal-0.01`: weight N(0, 0.01²), bias 0 (RepDistiller vgg.py)
 */
export type DenseInit = 'torch-default' | 'torch-default-zero-bias' | 'normal-0.01';

export interface DenseOptions {
  name: string;
  units: number;
  init: DenseInit;
}

/** Convolutions are always initialised He/kaiming normal, fan_out mode: N(0, 2 / (k·k·C_out)). */
export interface NetOps<T> {
  /** Shape of a value without the batch dimension. */
  shapeOf(x: T): Shape;
  conv(x: T, o: ConvOptions): T;
  batchNorm(x: T, name: string): T;
  relu(x: T, name: string): T;
  add(a: T, b: T, name: string): T;
  maxPool(x: T, name: string): T;
  /** [H, W, C] → [C] */
  globalAvgPool(x: T, name: string): T;
  /** [H, W, C] → [H·W·C] */
  flatten(x: T, name: string): T;
  dense(x: T, o: DenseOptions): T;
}

/** What an architecture returns: logits [classes] and the named feature taps, in output order. */
export interface NetOutputs<T> {
  logits: T;
  taps: Array<{ name: string; tensor: T }>;
}

/** A zoo architecture: the same code builds a tfjs model or measures one. */
export type Architecture = <T>(ops: NetOps<T>, input: T, numClasses: number) => NetOutputs<T>;

export const BN_EPSILON = 1e-5;
/** tfjs keeps `moving = m·moving + (1 − m)·batch`; PyTorch's momentum 0.1 is m = 0.9. */
export const BN_MOMENTUM = 0.9;

/** Output size of a conv with PyTorch padding ⌊k/2⌋ (shared by both interpreters). */
export function convOutSize(size: number, kernel: number, stride: number): number {
  return Math.floor((size + 2 * Math.floor(kernel / 2) - kernel) / stride) + 1;
}
