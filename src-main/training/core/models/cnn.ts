// Small CNN for MNIST-sized inputs (LeNet-style, LeCun et al. 1998; also takes 32×32×3): two
// conv3×3 + ReLU blocks, each followed by a 2×2 max pool, then a linear classifier on the
// flattened map. Convs have biases and no BN.
//   stage1  conv 16 + ReLU  [H, W, 16]        → tap (pre-pool)   28 → 28, 32 → 32
//   stage2  conv 32 + ReLU  [H/2, W/2, 32]    → tap (pre-pool)   28 → 14, 32 → 16
//   head    maxpool [H/4, W/4, 32] → flatten → dense [classes]   28 → 7·7·32, 32 → 8·8·32 inputs
import type { ModelSpec } from './model-types';
import type { Architecture, NetOps } from './net-ops';

export const cnnArchitecture: Architecture = <T>(ops: NetOps<T>, input: T, numClasses: number) => {
  const s1 = ops.relu(ops.conv(input, { name: 'conv1', filters: 16, kernel: 3, bias: true }), 'stage1');
  const s2 = ops.relu(ops.conv(ops.maxPool(s1, 'pool1'), { name: 'conv2', filters: 32, kernel: 3, bias: true }), 'stage2');
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

export const cnnSpec: ModelSpec = {
  name: 'cnn',
  description: 'Small CNN (2 conv blocks, 16/32 channels) for MNIST-sized data',
  define: cnnArchitecture,
};
