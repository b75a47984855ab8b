// CIFAR ResNets (He, Zhang, Ren, Sun 2016, "Deep Residual Learning for Image Recognition", §4.2)
// in the variant of RepDistiller's resnet.py (Tian, Krishnan, Isola 2020, "Contrastive
// Representation Distillation"): depth 6n + 2, basic blocks, 1×1 conv + BN projection shortcuts
// whenever the shape changes (the paper's CIFAR nets used zero-padding "option A" instead).
//
//   stem    conv3×3 w0 + BN + ReLU                          [H, W, w0]
//   stage1  n blocks, w1 channels, stride 1                [H, W, w1]        → tap 'stage1'
//   stage2  n blocks, w2 channels, first block stride 2    [H/2, W/2, w2]    → tap 'stage2'
//   stage3  n blocks, w3 channels, first block stride 2    [H/4, W/4, w3]    → tap 'stage3'
//   head    global average pool [w3] → dense [classes] (RepDistiller's AvgPool2d(8) at 32×32)
// Sizes round up: 32 → 16 → 8, 28 → 14 → 7. Taps are the post-ReLU outputs of each stage's last
// block. Widths: [16, 16, 32, 64]; the ×4 nets (resnet8x4, resnet32x4) use [32, 64, 128, 256].
import type { ModelSpec } from './model-types';
import type { Architecture, NetOps } from './net-ops';

/** Basic block: conv3×3(stride) BN ReLU conv3×3 BN, + shortcut, ReLU. x [H, W, C_in] → [H/s, W/s, planes]. */
function basicBlock<T>(ops: NetOps<T>, x: T, inPlanes: number, planes: number, stride: number, name: string, outName: string): T {
  let out = ops.conv(x, { name: `${name}_conv1`, filters: planes, kernel: 3, stride });
  out = ops.relu(ops.batchNorm(out, `${name}_bn1`), `${name}_relu1`);
  out = ops.conv(out, { name: `${name}_conv2`, filters: planes, kernel: 3 });
  out = ops.batchNorm(out, `${name}_bn2`);
  let shortcut = x;
  if (stride !== 1 || inPlanes !== planes) {
    shortcut = ops.conv(x, { name: `${name}_proj`, filters: planes, kernel: 1, stride });
    shortcut = ops.batchNorm(shortcut, `${name}_proj_bn`);
  }
  return ops.relu(ops.add(out, shortcut, `${name}_add`), outName);
}

/** RepDistiller ResNet(depth, num_filters=[w0, w1, w2, w3], 'basicblock'). */
export function resnetArchitecture(depth: number, widths: readonly [number, number, number, number]): Architecture {
  if ((depth - 2) % 6 !== 0 || depth < 8) throw new Error(`resnet depth must be 6n + 2 (n ≥ 1), got ${depth}`);
  const n = (depth - 2) / 6;
  return <T>(ops: NetOps<T>, input: T, numClasses: number) => {
    let x = ops.conv(input, { name: 'stem_conv', filters: widths[0], kernel: 3 });
    x = ops.relu(ops.batchNorm(x, 'stem_bn'), 'stem_relu');
    let inPlanes = widths[0];
    const taps: Array<{ name: string; tensor: T }> = [];
    for (let s = 1; s <= 3; s++) {
      const planes = widths[s]!;
      for (let b = 1; b <= n; b++) {
        const stride = s > 1 && b === 1 ? 2 : 1;
        const blockName = `stage${s}_block${b}`;
        x = basicBlock(ops, x, inPlanes, planes, stride, blockName, b === n ? `stage${s}` : `${blockName}_relu2`);
        inPlanes = planes;
      }
      taps.push({ name: `stage${s}`, tensor: x });
    }
    const pooled = ops.globalAvgPool(x, 'avgpool');
    const logits = ops.dense(pooled, { name: 'logits', units: numClasses, init: 'torch-default' });
    return { logits, taps };
  };
}

/** `resnet{depth}` (widths 16/32/64) or `resnet{depth}x4` (stem 32, stages 64/128/256). */
export function resnetSpec(depth: number, wide: boolean): ModelSpec {
  const name = wide ? `resnet${depth}x4` : `resnet${depth}`;
  const widths: [number, number, number, number] = wide ? [32, 64, 128, 256] : [16, 16, 32, 64];
  const n = (depth - 2) / 6;
  const description = wide
    ? `ResNet-${depth}×4 (He et al. 2016; RepDistiller): stem 32, 3 stages × ${n} basic blocks, 64/128/256 channels`
    : `ResNet-${depth} for CIFAR (He et al. 2016; RepDistiller): 3 stages × ${n} basic blocks, 16/32/64 channels`;
  const define = resnetArchitecture(depth, widths);
  return { name, description, define };
}
