// VGG with batch normalisation (Simonyan & Zisserman 2015, "Very Deep Convolutional Networks";
// BN after Ioffe & Szegedy 2015) in the CIFAR form of RepDistiller's vgg.py: five conv blocks of
// conv3×3 (with bias) + BN + ReLU, max pools between them, global average pool, Linear(512, classes).
//   vgg8  = cfg 'S': [64], [128], [256], [512], [512]
//   vgg13 = cfg 'B': [64, 64], [128, 128], [256, 256], [512, 512], [512, 512]
//
//   block0 → tap 'stage1' [H, W, 64]     → maxpool
//   block1 → tap 'stage2' [H/2, W/2, 128] → maxpool
//   block2 → tap 'stage3' [H/4, W/4, 256] → maxpool
//   block3 → tap 'stage4' [H/8, W/8, 512] → maxpool only for inputs ≥ 64 px (vgg.py: `if h == 64`)
//   block4 → tap 'stage5' [H/8, W/8, 512] → global average pool [512] → dense [classes]
// Pools round down: 32 → 16 → 8 → 4 (stage4, stage5 4×4); 28 → 14 → 7 → 3 (stage4, stage5 3×3).
// Taps are the post-ReLU block outputs (RepDistiller's f0..f4), named so that stage1..3 have the
// same sizes as the ResNet taps.
import type { ModelSpec } from './model-types';
import type { Architecture, NetOps } from './net-ops';

export const VGG_CONFIGS = {
  vgg8: [[64], [128], [256], [512], [512]],
  vgg13: [
    [64, 64],
    [128, 128],
    [256, 256],
    [512, 512],
    [512, 512],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly number[]>>;

export type VggName = keyof typeof VGG_CONFIGS;

export function vggArchitecture(cfg: ReadonlyArray<readonly number[]>): Architecture {
  return <T>(ops: NetOps<T>, input: T, numClasses: number) => {
    const inputHeight = ops.shapeOf(input)[0]!;
    let x = input;
    const taps: Array<{ name: string; tensor: T }> = [];
    cfg.forEach((block, b) => {
      if (b > 0 && (b < 4 || inputHeight >= 64)) x = ops.maxPool(x, `pool${b - 1}`);
      block.forEach((filters, i) => {
        const name = `block${b}_conv${i + 1}`;
        x = ops.batchNorm(ops.conv(x, { name, filters, kernel: 3, bias: true }), `${name}_bn`);
        x = ops.relu(x, i === block.length - 1 ? `stage${b + 1}` : `${name}_relu`);
      });
      taps.push({ name: `stage${b + 1}`, tensor: x });
    });
    const pooled = ops.globalAvgPool(x, 'avgpool');
    const logits = ops.dense(pooled, { name: 'logits', units: numClasses, init: 'normal-0.01' });
    return { logits, taps };
  };
}

export function vggSpec(name: VggName): ModelSpec {
  const cfg = VGG_CONFIGS[name];
  const convs = cfg.reduce((n, block) => n + block.length, 0);
  const description = `VGG with BN (Simonyan & Zisserman 2015; RepDistiller ${name}_bn): ${convs} conv layers in 5 blocks (64/128/256/512/512), linear classifier`;
  const define = vggArchitecture(cfg);
  return { name, description, define };
}
