// Small CNNs for MNIST-sized inputs (LeNet-style, LeCun et al. 1998; also take 32×32×3): two
// conv3×3 blocks, each followed by a 2×2 max pool, then a linear classifier on the flattened map.
//   stage1  conv w1 (+ BN) + ReLU  [H, W, w1]        → tap (pre-pool)   28 → 28, 32 → 32
//   stage2  conv w2 (+ BN) + ReLU  [H/2, W/2, w2]    → tap (pre-pool)   28 → 14, 32 → 16
//   head    maxpool [H/4, W/4, w2] → flatten → dense [classes]
// `cnn` (16/32) and `cnn-wide` (32/64) have conv biases and no BN; `cnn-tiny` (4/8) uses BatchNorm,
// which keeps a small student's feature maps well conditioned for feature distillation (NST's
// normalisation divides by each channel's norm). `cnn-wide` → `cnn-tiny` is the built-in demo's
// pair. (BN before a flatten head of thousands of inputs makes every feature O(1), and the first
// SGD step at lr 0.05 then moves the logits by ~fan-in × lr: why the wide model has no BN.)
import type { ModelSpec } from './model-types';
import type { Architecture, NetOps } from './net-ops';

function cnnArchitectureOf(widths: readonly [number, number], batchNorm: boolean): Architecture {
  return <T>(ops: NetOps<T>, input: T, numClasses: number) => {
    const block = (x: T, i: 1 | 2, filters: number) => {
      const conv = ops.conv(x, { name: `conv${i}`, filters, kernel: 3, bias: !batchNorm });
      return ops.relu(batchNorm ? ops.batchNorm(conv, `bn${i}`) : conv, `stage${i}`);
    };
    const s1 = block(input, 1, widths[0]);
    const s2 = block(ops.maxPool(s1, 'pool1'), 2, widths[1]);
    const flat = ops.flatten(ops.maxPool(s2, 'pool2'), 'flatten');
    const logits = ops.dense(flat, { name: 'logits', units: numClasses, init: 'torch-default' });
    return {
      logits,
      taps: [
        { name: 'stage1', tensor: s1 },
        { name: 'stage2', tensor: s2 },
      ],
    };
  };
}

export const cnnArchitecture: Architecture = cnnArchitectureOf([16, 32], false);

export const cnnSpec: ModelSpec = {
  name: 'cnn',
  description: 'Small CNN (2 conv blocks, 16/32 channels) for MNIST-sized data',
  define: cnnArchitecture,
};

export const cnnWideSpec: ModelSpec = {
  name: 'cnn-wide',
  description: 'Wider CNN (2 conv blocks, 32/64 channels): a quick MNIST teacher',
  define: cnnArchitectureOf([32, 64], false),
};

export const cnnTinySpec: ModelSpec = {
  name: 'cnn-tiny',
  description: 'Tiny CNN with BatchNorm (2 conv blocks, 4/8 channels): a small MNIST student',
  define: cnnArchitectureOf([4, 8], true),
};
