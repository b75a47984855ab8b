import { describe, expect, it } from 'vitest';
import { checkPair, suggestPairs } from '../../../../src-renderer/lib/form/layer-pairs';

const resnet8 = [
  { name: 'stage1', shape: [28, 28, 16] },
  { name: 'stage2', shape: [14, 14, 32] },
  { name: 'stage3', shape: [7, 7, 64] },
  { name: 'logits', shape: [10] },
];
const cnn = [
  { name: 'conv1', shape: [28, 28, 8] },
  { name: 'conv2', shape: [14, 14, 16] },
  { name: 'logits', shape: [10] },
];

describe('layer pairs', () => {
  it('suggests same-size taps, preferring the same name', () => {
    expect(suggestPairs(resnet8, resnet8)).toEqual([
      { teacherTap: 'stage1', studentTap: 'stage1' },
      { teacherTap: 'stage2', studentTap: 'stage2' },
      { teacherTap: 'stage3', studentTap: 'stage3' },
    ]);
    expect(suggestPairs(resnet8, cnn)).toEqual([
      { teacherTap: 'stage1', studentTap: 'conv1' },
      { teacherTap: 'stage2', studentTap: 'conv2' },
    ]);
  });

  it('accepts same sizes and explains pooling or resizing', () => {
    expect(checkPair(resnet8[1], cnn[1], {}).level).toBe('ok');
    const pooled = checkPair(resnet8[0], cnn[1], {});
    expect(pooled.level).toBe('warning');
    expect(pooled.message).toMatch(/teacher map is average-pooled 2×/);
    const resized = checkPair({ name: 'a', shape: [8, 8, 4] }, { name: 'b', shape: [6, 6, 4] }, {});
    expect(resized.message).toMatch(/resized bilinearly/);
  });

  it('rejects FitNet hints across more than 2× and logits pairs', () => {
    const far = checkPair(resnet8[0], { name: 's', shape: [7, 7, 8] }, { hint: true });
    expect(far.level).toBe('error');
    expect(far.message).toMatch(/more than 2×/);
    expect(checkPair(resnet8[0], { name: 's', shape: [7, 7, 8] }, {}).level).toBe('warning');
    expect(checkPair(resnet8[3], cnn[2], {}).level).toBe('error');
    expect(checkPair(undefined, cnn[0], {}).level).toBe('error');
  });
});
