// A sample budget means a fixed subset: every epoch of a run (and a resumed run) visits the same
// maxTrainSamples images in a new order; without a budget an epoch is a permutation of all.
import { describe, expect, it } from 'vitest';
import { epochOrder } from '../../../../src-main/training/core/epoch-order';
import { seededPermutation } from '../../../../shared/seeded-random';

const sorted = (a: Uint32Array) => [...a].sort((x, y) => x - y);

describe('epochOrder', () => {
  it('draws the budgeted subset once: the same images every epoch, reshuffled', () => {
    const epochs = [0, 1, 2, 3].map((e) => epochOrder(1000, 100, 42, e));
    for (const o of epochs) {
      expect(o).toHaveLength(100);
      expect(new Set(o).size).toBe(100);
      expect(sorted(o)).toEqual(sorted(epochs[0]!));
    }
    expect([...epochs[1]!]).not.toEqual([...epochs[0]!]);
  });

  it('is deterministic in the seed and differs between seeds', () => {
    expect([...epochOrder(500, 50, 7, 2)]).toEqual([...epochOrder(500, 50, 7, 2)]);
    expect(sorted(epochOrder(500, 50, 7, 0))).not.toEqual(sorted(epochOrder(500, 50, 8, 0)));
  });

  it('without a budget, each epoch is the seeded permutation of the whole set', () => {
    expect([...epochOrder(300, 300, 5, 3)]).toEqual([...seededPermutation(300, (5 * 1_000_003 + 3) >>> 0)]);
    expect(sorted(epochOrder(300, 300, 5, 3))).toEqual([...Array(300).keys()]);
  });
});
