// Deterministic, reference-style initialisation: the same seed gives identical weights, another
// seed different ones; convs are kaiming normal (fan_out), BN γ = 1, β = 0, moving mean 0 and
// variance 1; dense layers follow each reference file (resnet.py: PyTorch default U(±1/√in) with
// a random bias; wrn.py: zero bias; vgg.py: N(0, 0.01²), zero bias).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BuiltModel } from '../../../../../src-main/training/core/models/tfjs-ops';
import { buildModel } from '../../../../../src-main/training/core/models/registry';
import { layerSeed } from '../../../../../src-main/training/core/models/seeded-init';
import { useTestBackend } from './helpers';

useTestBackend();

const weightsOf = (b: BuiltModel) => b.model.getWeights().map((w) => Array.from(w.dataSync()));
const values = (b: BuiltModel, layer: string, i = 0) => Array.from(b.model.getLayer(layer).getWeights()[i]!.dataSync());
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
};

function withModel(name: string, seed: number, fn: (b: BuiltModel) => void): void {
  const b = buildModel(name, [8, 8, 3], 100, seed);
  try {
    fn(b);
  } finally {
    b.model.dispose();
  }
}

describe('seeded initialisation', () => {
  it('the same seed gives identical weights, another seed different ones', () => {
    withModel('resnet8', 42, (a) =>
      withModel('resnet8', 42, (b) =>
        withModel('resnet8', 43, (c) => {
          const wa = weightsOf(a);
          expect(weightsOf(b)).toEqual(wa);
          const wc = weightsOf(c);
          const convA = values(a, 'stage1_block1_conv1');
          expect(values(c, 'stage1_block1_conv1')).not.toEqual(convA);
          expect(wc).not.toEqual(wa);
        }),
      ),
    );
  });

  it('layers of the same shape get different values', () => {
    withModel('resnet8', 1, (b) => {
      expect(values(b, 'stage1_block1_conv1')).not.toEqual(values(b, 'stage1_block1_conv2'));
    });
  });

  it('layer seeds are never 0 (tfjs would fall back to Math.random) and differ across runs', () => {
    const seen = new Set<number>();
    for (const seed of [0, 1, 2, -1, 2 ** 31, 12345]) {
      for (let k = 0; k < 200; k++) {
        const s = layerSeed(seed, k);
        expect(s).toBeGreaterThan(0);
        seen.add(s);
      }
    }
    expect(seen.size).toBeGreaterThan(1190); // 1200 pairs, collisions essentially impossible
  });

  it('convs: kaiming normal, fan_out, std √(2 / (9·C_out)); BN γ = 1, β = 0, mean 0, var 1', () => {
    withModel('resnet8', 5, (b) => {
      const k = values(b, 'stage3_block1_conv2'); // [3, 3, 64, 64]: 36,864 draws
      expect(Math.abs(mean(k))).toBeLessThan(0.002);
      expect(std(k) / Math.sqrt(2 / (9 * 64))).toBeCloseTo(1, 1);
      const bnWeights = b.model
        .getLayer('stage3_block1_bn2')
        .getWeights()
        .map((w) => Array.from(w.dataSync()));
      expect(bnWeights.map((w) => [...new Set(w)])).toEqual([[1], [0], [0], [1]]);
    });
  });

  it('dense: resnet U(±1/√64) with random bias; wrn zero bias; vgg N(0, 0.01²) with zero bias', () => {
    withModel('resnet8', 5, (b) => {
      const [w, bias] = [values(b, 'logits', 0), values(b, 'logits', 1)];
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
      expect(std(w)).toBeCloseTo(1 / 8 / Math.sqrt(3), 2);
      expect(Math.max(...bias.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
      expect(new Set(bias).size).toBe(100);
    });
    withModel('wrn-16-1', 5, (b) => {
      expect(new Set(values(b, 'logits', 1))).toEqual(new Set([0]));
    });
    withModel('vgg8', 5, (b) => {
      expect(std(values(b, 'logits', 0))).toBeCloseTo(0.01, 3);
      expect(new Set(values(b, 'logits', 1))).toEqual(new Set([0]));
      expect(new Set(values(b, 'block0_conv1', 1))).toEqual(new Set([0])); // conv bias zeroed
    });
  });

  it('built models hold no leaked tensors beyond their weights', () => {
    const before = tf.memory().numTensors;
    withModel('wrn-16-1', 1, () => {});
    expect(tf.memory().numTensors).toBe(before);
  });
});
