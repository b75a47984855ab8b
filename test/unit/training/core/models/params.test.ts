// Parameter counts for CIFAR-100 (32×32×3, 100 classes) must equal the PyTorch reference models'
// exactly. Three independent numbers agree: a formula derived by hand from RepDistiller's
// definitions (helpers.ts), the analytic meter (describeModel), and the trainable weights of the
// built tf.LayersModel. PyTorch's count is sum(p.numel() for p in parameters()): BN γ and β only;
// tfjs also holds BN moving mean/variance as non-trainable weights, so we compare trainable params.
import { describe, expect, it } from 'vitest';
import { buildModel, countParams, countTrainableParams, describeModel } from '../../../../../src-main/training/core/models/registry';
import { refResnetParams, refVggParams, refWrnParams, useTestBackend } from './helpers';

useTestBackend();

const R = [16, 16, 32, 64];
const R4 = [32, 64, 128, 256];
const S = [[64], [128], [256], [512], [512]];
const B = [
  [64, 64],
  [128, 128],
  [256, 256],
  [512, 512],
  [512, 512],
];

// name, hand formula, the reference figure (CIFAR-100) it must reproduce
const CASES: Array<[string, number, number]> = [
  ['resnet8', refResnetParams(8, R, 100), 83_892],
  ['resnet14', refResnetParams(14, R, 100), 181_108],
  ['resnet20', refResnetParams(20, R, 100), 278_324],
  ['resnet32', refResnetParams(32, R, 100), 472_756],
  ['resnet44', refResnetParams(44, R, 100), 667_188],
  ['resnet56', refResnetParams(56, R, 100), 861_620],
  ['resnet110', refResnetParams(110, R, 100), 1_736_564],
  ['resnet8x4', refResnetParams(8, R4, 100), 1_233_540],
  ['resnet32x4', refResnetParams(32, R4, 100), 7_433_860],
  ['wrn-16-1', refWrnParams(16, 1, 100), 180_916],
  ['wrn-16-2', refWrnParams(16, 2, 100), 703_284],
  ['wrn-40-1', refWrnParams(40, 1, 100), 569_780],
  ['wrn-40-2', refWrnParams(40, 2, 100), 2_255_156],
  ['vgg8', refVggParams(S, 100), 3_965_028],
  ['vgg13', refVggParams(B, 100), 9_462_180],
];

describe('parameter counts, CIFAR-100 32×32×3', () => {
  it('hand formula reproduces the published approximate sizes', () => {
    // millions, to two decimals (rounded or truncated): the sizes usually quoted for these models
    const approx: Record<string, number> = {
      resnet8x4: 1.23,
      resnet32x4: 7.43,
      'wrn-40-2': 2.26,
      'wrn-16-2': 0.7,
      resnet56: 0.86,
      resnet20: 0.28,
      vgg13: 9.46,
      vgg8: 3.96,
    };
    for (const [name, formula, exact] of CASES) {
      expect(formula, name).toBe(exact);
      if (approx[name]) expect(Math.abs(exact / 1e6 - approx[name]), name).toBeLessThan(0.01);
    }
  });

  it.each(CASES)('%s: describeModel and the built model both give the reference count', (name, _f, exact) => {
    const d = describeModel(name, [32, 32, 3], 100);
    expect(d.params).toBe(exact);
    const built = buildModel(name, [32, 32, 3], 100, 1);
    expect(countTrainableParams(built)).toBe(exact);
    // tfjs also stores BN moving mean/variance: 2 per BN channel, non-trainable.
    expect(countParams(built)).toBe(exact + d.nonTrainableParams);
    built.model.dispose();
  });

  it('cnn: convs with bias and a dense layer on the flattened 8×8×32 map', () => {
    const expected = 27 * 16 + 16 + (9 * 16 * 32 + 32) + (8 * 8 * 32 * 100 + 100);
    expect(describeModel('cnn', [32, 32, 3], 100).params).toBe(expected);
    // 28×28×1 (MNIST): 7×7×32 flattened into 10 classes
    expect(describeModel('cnn', [28, 28, 1], 10).params).toBe(9 * 16 + 16 + (9 * 16 * 32 + 32) + (7 * 7 * 32 * 10 + 10));
  });

  it('cnn-wide (biases) and cnn-tiny (BN γ/β, no conv bias): dense on the flattened map (28×28×1, 10 classes)', () => {
    expect(describeModel('cnn-wide', [28, 28, 1], 10).params).toBe(9 * 32 + 32 + (9 * 32 * 64 + 64) + (7 * 7 * 64 * 10 + 10));
    const bnCnn = (w1: number, w2: number) => 9 * w1 + 2 * w1 + 9 * w1 * w2 + 2 * w2 + (7 * 7 * w2 * 10 + 10);
    expect(describeModel('cnn-tiny', [28, 28, 1], 10).params).toBe(bnCnn(4, 8));
  });

  it('one-channel inputs change only the first conv', () => {
    expect(describeModel('resnet20', [28, 28, 1], 10).params).toBe(refResnetParams(20, R, 10, 1));
    expect(describeModel('wrn-16-2', [28, 28, 1], 10).params).toBe(refWrnParams(16, 2, 10, 1));
    expect(describeModel('vgg8', [28, 28, 1], 10).params).toBe(refVggParams(S, 10, 1));
  });
});
