// Every zoo model builds for 32×32×3 (CIFAR) and 28×28×1 (MNIST): its outputs are [logits, ...taps]
// with the documented shapes, the analytic description (params, MACs, tap shapes) agrees with the
// built layers, and a forward pass on a batch of 2 in inference mode gives finite logits.
// Forward passes on the pure-JS cpu backend cost roughly 1 s per 100M MACs for a batch of 2, so the
// seven models above 100M MACs at 32×32 (resnet56, resnet110, resnet8x4, resnet32x4, wrn-16-2,
// wrn-40-2, vgg13) are built and checked but not run; the same builders run in their smaller
// siblings (resnet8…44, wrn-16-1, wrn-40-1, vgg8).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MODEL_REGISTRY, buildModel, countTrainableParams, describeModel } from '../../../../../src-main/training/core/models/registry';
import { macsOfLayers, useTestBackend } from './helpers';

useTestBackend();

/** Models whose 32×32×3 forward costs more than this many MACs per image are not run. */
const FORWARD_MAC_LIMIT = 100e6;

const resnetTaps = (c: number[], s: number[]) => ({ stage1: [s[0]!, s[0]!, c[0]!], stage2: [s[1]!, s[1]!, c[1]!], stage3: [s[2]!, s[2]!, c[2]!] });
const vggTaps = (s: number[]) => ({
  stage1: [s[0]!, s[0]!, 64],
  stage2: [s[1]!, s[1]!, 128],
  stage3: [s[2]!, s[2]!, 256],
  stage4: [s[3]!, s[3]!, 512],
  stage5: [s[3]!, s[3]!, 512],
});

/** Documented tap shapes [H, W, C] per model and input size (32 → 16 → 8; 28 → 14 → 7). */
function expectedTaps(name: string, size: 32 | 28): Record<string, number[]> {
  const res = size === 32 ? [32, 16, 8] : [28, 14, 7];
  const cnnWidths: Record<string, [number, number]> = { cnn: [16, 32], 'cnn-wide': [32, 64], 'cnn-tiny': [4, 8] };
  const w = cnnWidths[name];
  if (w) return { stage1: [size, size, w[0]], stage2: [size / 2, size / 2, w[1]] };
  if (name.startsWith('vgg')) return vggTaps(size === 32 ? [32, 16, 8, 4] : [28, 14, 7, 3]);
  if (name.endsWith('x4')) return resnetTaps([64, 128, 256], res);
  if (name.startsWith('resnet')) return resnetTaps([16, 32, 64], res);
  const k = Number(name.split('-')[2]);
  return resnetTaps([16 * k, 32 * k, 64 * k], res);
}

const INPUTS: Array<{ shape: [number, number, number]; classes: number }> = [
  { shape: [32, 32, 3], classes: 100 },
  { shape: [28, 28, 1], classes: 10 },
];

describe.each(INPUTS)('input $shape, $classes classes', ({ shape, classes }) => {
  it.each([...MODEL_REGISTRY.keys()])('%s', (name) => {
    const d = describeModel(name, shape, classes);
    const taps = expectedTaps(name, shape[0] as 32 | 28);
    expect(d.taps).toEqual([{ name: 'logits', shape: [classes] }, ...Object.entries(taps).map(([n, s]) => ({ name: n, shape: s }))]);

    const built = buildModel(name, shape, classes, 7);
    try {
      expect(built.taps).toEqual(d.taps.map((t) => t.name));
      expect(built.model.outputs.map((o) => o.shape.slice(1))).toEqual(d.taps.map((t) => t.shape));
      expect(countTrainableParams(built)).toBe(d.params);
      expect(macsOfLayers(built.model)).toBe(d.flops);
      if (describeModel(name, [32, 32, 3], 100).flops > FORWARD_MAC_LIMIT) return;
      const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 3);
      const outs = built.model.apply(x, { training: false }) as tf.Tensor[];
      expect(outs.map((t) => t.shape)).toEqual(d.taps.map((t) => [2, ...t.shape]));
      expect(Array.from(outs[0]!.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([x, ...outs]);
    } finally {
      built.model.dispose();
    }
  });
});
