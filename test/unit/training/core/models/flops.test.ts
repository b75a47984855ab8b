// Multiply-accumulate counts (MACs; the `flops` field): one conv layer worked out by hand, the
// full resnet20 derived independently layer by layer (≈ 41M MACs on 32×32, the usual figure),
// the rules for what is not counted, and a training step's count. The per-layer agreement of describeModel with the built
// tfjs layers for every model is checked in forward.test.ts.
import { describe, expect, it } from 'vitest';
import { meterOps } from '../../../../../src-main/training/core/models/meter-ops';
import { describeModel } from '../../../../../src-main/training/core/models/registry';

describe('MAC counting', () => {
  it('one conv: 3×3, 16 → 32 channels, stride 2 on a 32×32 map', () => {
    const tally = { params: 0, nonTrainableParams: 0, macs: 0, stepMacs: 0 };
    const ops = meterOps(tally);
    const y = ops.conv({ shape: [32, 32, 16] }, { name: 'c', filters: 32, kernel: 3, stride: 2 });
    // PyTorch padding 1: ⌊(32 + 2 − 3) / 2⌋ + 1 = 16 rows and columns of outputs,
    // each output value costs 3·3·16 multiply-adds, for 32 filters: 16·16·(3·3·16)·32.
    expect(y.shape).toEqual([16, 16, 32]);
    expect(tally.macs).toBe(16 * 16 * 144 * 32);
    expect(tally.macs).toBe(1_179_648);
    expect(tally.params).toBe(4_608);
  });

  it('BN, ReLU, pooling and residual adds cost nothing; dense costs in·out', () => {
    const tally = { params: 0, nonTrainableParams: 0, macs: 0, stepMacs: 0 };
    const ops = meterOps(tally);
    const x = { shape: [8, 8, 64] };
    const y = ops.maxPool(ops.add(ops.relu(ops.batchNorm(x, 'b'), 'r'), x, 'a'), 'p');
    expect(y.shape).toEqual([4, 4, 64]);
    expect(tally.macs).toBe(0);
    ops.dense(ops.globalAvgPool(y, 'g'), { name: 'fc', units: 100, init: 'torch-default' });
    expect(tally.macs).toBe(6_400);
  });

  it('resnet20 on 32×32×3: 40,818,944 MACs', () => {
    const conv = (hw: number, cin: number, cout: number, k: number) => hw * hw * k * k * cin * cout;
    const stem = conv(32, 3, 16, 3); //                                   442,368
    const stage1 = 6 * conv(32, 16, 16, 3); //                         14,155,776
    const stage2 = conv(16, 16, 32, 3) + 5 * conv(16, 32, 32, 3) + conv(16, 16, 32, 1); // 13,107,200
    const stage3 = conv(8, 32, 64, 3) + 5 * conv(8, 64, 64, 3) + conv(8, 32, 64, 1); //   13,107,200
    const fc = 64 * 100;
    const expected = stem + stage1 + stage2 + stage3 + fc;
    expect(expected).toBe(40_818_944);
    expect(describeModel('resnet20', [32, 32, 3], 100).flops).toBe(expected);
  });

  it('a training step: forward and both gradients of every layer, but no gradient of the image', () => {
    const d = describeModel('resnet20', [32, 32, 3], 100);
    const stem = 32 * 32 * 3 * 3 * 3 * 16; // fed by the image: forward and filter gradient only
    expect(d.stepMacs).toBe(3 * d.flops - stem);
    // a conv after a batch norm of the image needs its input gradient (for γ and β)
    const tally = { params: 0, nonTrainableParams: 0, macs: 0, stepMacs: 0 };
    const ops = meterOps(tally);
    const image = { shape: [8, 8, 3], isInput: true };
    ops.conv(ops.relu(image, 'r'), { name: 'a', filters: 4, kernel: 1 });
    expect(tally.stepMacs).toBe(2 * tally.macs);
    ops.conv(ops.batchNorm(image, 'b'), { name: 'b', filters: 4, kernel: 1 });
    expect(tally.stepMacs).toBe(2 * 8 * 8 * 3 * 4 + 3 * 8 * 8 * 3 * 4);
  });

  it('scales with the spatial size: resnet20 on 28×28×1', () => {
    const conv = (hw: number, cin: number, cout: number, k: number) => hw * hw * k * k * cin * cout;
    const expected =
      conv(28, 1, 16, 3) +
      6 * conv(28, 16, 16, 3) +
      conv(14, 16, 32, 3) +
      5 * conv(14, 32, 32, 3) +
      conv(14, 16, 32, 1) +
      conv(7, 32, 64, 3) +
      5 * conv(7, 64, 64, 3) +
      conv(7, 32, 64, 1) +
      64 * 10;
    expect(describeModel('resnet20', [28, 28, 1], 10).flops).toBe(expected);
  });

  it('an input too small for the pools is an error naming the layer', () => {
    expect(() => describeModel('vgg8', [4, 4, 1], 10)).toThrow(/pool2: input too small/);
  });
});
