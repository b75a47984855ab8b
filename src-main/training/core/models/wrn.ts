// Wide Residual Networks (Zagoruyko & Komodakis 2016, "Wide Residual Networks") as in RepDistiller's
// wrn.py: depth 6n + 4, widen factor k, pre-activation basic blocks (BN-ReLU-conv ×2), a 1×1 conv
// shortcut (no BN) on the activated input when the channel count changes, no dropout.
//
//   conv1   conv3×3 16                                        [H, W, 16]
//   group1  n blocks, 16k channels, stride 1                  [H, W, 16k]       → tap 'stage1'
//   group2  n blocks, 32k channels, first block stride 2      [H/2, W/2, 32k]   → tap 'stage2'
//   group3  n blocks, 64k channels, first block stride 2      [H/4, W/4, 64k]   → tap 'stage3'
//   head    BN + ReLU, global average pool [64k] → dense [classes]
// Sizes round up: 32 → 16 → 8, 28 → 14 → 7. Taps are ReLU(group output) on a side branch, as
// RepDistiller returns them with preact=False: the raw residual sum feeds the next group (whose
// first op is its own BN-ReLU), and the head's BN is not part of the stage3 tap.
import type { ModelSpec } from './model-types';
import type { Architecture, NetOps } from './net-ops';

/** Pre-activation block. x [H, W, C_in] (raw residual sum) → [H/s, W/s, outPlanes] (raw sum). */
function wideBlock<T>(ops: NetOps<T>, x: T, inPlanes: number, outPlanes: number, stride: number, name: string): T {
  const act = ops.relu(ops.batchNorm(x, `${name}_bn1`), `${name}_relu1`);
  let out = ops.conv(act, { name: `${name}_conv1`, filters: outPlanes, kernel: 3, stride });
  out = ops.relu(ops.batchNorm(out, `${name}_bn2`), `${name}_relu2`);
  out = ops.conv(out, { name: `${name}_conv2`, filters: outPlanes, kernel: 3 });
  // wrn.py: equalInOut keeps the raw input; otherwise the shortcut convolves the activated input.
  const shortcut = inPlanes === outPlanes ? x : ops.conv(act, { name: `${name}_proj`, filters: outPlanes, kernel: 1, stride });
  return ops.add(out, shortcut, `${name}_add`);
}

/** RepDistiller WideResNet(depth, widen_factor). */
export function wrnArchitecture(depth: number, widen: number): Architecture {
  if ((depth - 4) % 6 !== 0 || depth < 10) throw new Error(`wrn depth must be 6n + 4 (n ≥ 1), got ${depth}`);
  const n = (depth - 4) / 6;
  const widths = [16, 16 * widen, 32 * widen, 64 * widen];
  return <T>(ops: NetOps<T>, input: T, numClasses: number) => {
    let x = ops.conv(input, { name: 'conv1', filters: widths[0]!, kernel: 3 });
    let inPlanes = widths[0]!;
    const taps: Array<{ name: string; tensor: T }> = [];
    for (let g = 1; g <= 3; g++) {
      const outPlanes = widths[g]!;
      for (let b = 1; b <= n; b++) {
        const stride = g > 1 && b === 1 ? 2 : 1;
        x = wideBlock(ops, x, inPlanes, outPlanes, stride, `group${g}_block${b}`);
        inPlanes = outPlanes;
      }
      taps.push({ name: `stage${g}`, tensor: ops.relu(x, `stage${g}`) });
    }
    const head = ops.relu(ops.batchNorm(x, 'final_bn'), 'final_relu');
    const pooled = ops.globalAvgPool(head, 'avgpool');
    const logits = ops.dense(pooled, { name: 'logits', units: numClasses, init: 'torch-default-zero-bias' });
    return { logits, taps };
  };
}

/** `wrn-{depth}-{widen}`. */
export function wrnSpec(depth: number, widen: number): ModelSpec {
  const name = `wrn-${depth}-${widen}`;
  const n = (depth - 4) / 6;
  const description = `Wide ResNet-${depth}-${widen} (Zagoruyko & Komodakis 2016; RepDistiller): pre-activation, 3 groups × ${n} blocks, ${16 * widen}/${32 * widen}/${64 * widen} channels`;
  const define = wrnArchitecture(depth, widen);
  return { name, description, define };
}
