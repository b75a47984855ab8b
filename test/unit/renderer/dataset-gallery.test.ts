import { describe, expect, it } from 'vitest';
import { balanceSeries, balanceSummary, classOptions, pageInfo, pageOffset } from '../../../src-renderer/lib/dataset-gallery';

describe('dataset-gallery', () => {
  it('lists all classes first, then each class with its count in the split', () => {
    expect(classOptions(['cat', 'dog'], [5, 7], 2)).toEqual([
      { index: null, label: 'All classes', count: 12 },
      { index: 0, label: 'cat', count: 5 },
      { index: 1, label: 'dog', count: 7 },
    ]);
    // missing names and counts (e.g. a split without the class) still give an option
    expect(classOptions(['cat'], undefined, 2).map((o) => [o.label, o.count])).toEqual([
      ['All classes', 0],
      ['cat', 0],
      ['class 1', 0],
    ]);
  });

  it('pages through samples', () => {
    expect(pageInfo(0, 48, 450)).toEqual({ from: 1, to: 48, page: 1, pages: 10, hasPrev: false, hasNext: true, label: '1–48 of 450' });
    expect(pageInfo(432, 48, 450)).toMatchObject({ from: 433, to: 450, page: 10, pages: 10, hasPrev: true, hasNext: false });
    expect(pageInfo(0, 48, 0)).toMatchObject({ from: 0, to: 0, page: 1, pages: 1, hasNext: false, label: 'no samples' });
    expect(pageInfo(0, 48, 12_000).label).toBe('1–48 of 12,000');
  });

  it('keeps page turns inside the pages there are', () => {
    expect(pageOffset(0, 48, 450, 1)).toBe(48);
    expect(pageOffset(0, 48, 450, -1)).toBe(0);
    expect(pageOffset(432, 48, 450, 1)).toBe(432);
    expect(pageOffset(48, 48, 48, 0)).toBe(0); // the class shrank to one page
    expect(pageOffset(0, 48, 0, 1)).toBe(0);
  });

  it('makes one bar series per split, in split order, over the class names', () => {
    expect(balanceSeries({ test: [1, 1], train: [8, 9], val: [1, 0] }, ['a', 'b'])).toEqual({
      labels: ['a', 'b'],
      series: [
        { split: 'train', label: 'Train', counts: [8, 9] },
        { split: 'val', label: 'Validation', counts: [1, 0] },
        { split: 'test', label: 'Test', counts: [1, 1] },
      ],
    });
    expect(balanceSeries({ train: [1, 2, 3] }, ['a']).labels).toEqual(['a', 'class 1', 'class 2']);
  });

  it('summarises the balance over all splits', () => {
    expect(balanceSummary({ train: [45, 45], val: [5, 5] }, ['a', 'b'])).toMatchObject({ ratio: 1, text: 'Balanced: 50 samples in every class' });
    const s = balanceSummary({ train: [100, 30, 60], test: [20, 10, 20] }, ['cat', 'dog', 'owl'])!;
    expect(s).toMatchObject({ min: 40, max: 120, smallest: 'dog', largest: 'cat', ratio: 3 });
    expect(s.text).toBe("Largest class 'cat' 120, smallest 'dog' 40 (×3.00)");
    expect(balanceSummary({ train: [5, 0] }, ['a', 'b'])).toMatchObject({ ratio: Infinity, text: "Largest class 'a' 5, smallest 'b' 0" });
    expect(balanceSummary({}, [])).toBeNull();
  });
});
