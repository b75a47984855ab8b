import { describe, expect, it } from 'vitest';
import { confusionDiff, normalizeRows } from '../../../src-renderer/lib/charts/confusion';
import { groupName, groupOf, newGroupId } from '../../../src-renderer/lib/tables/seed-groups';
import { chartToSvg, niceTicks } from '../../../src-renderer/lib/charts/svg-chart';
import { parsePositiveList, scaleTerms, sweepCount } from '../../../src-renderer/lib/form/sweep-grid';
import { pagesFor, visibleRows } from '../../../src-renderer/lib/tables/virtual-rows';
import { withAlpha, runColor } from '../../../src-renderer/lib/charts/run-colors';

describe('SVG chart serializer', () => {
  it('writes one path per series with gaps at NaN, a band polygon, escaped labels', () => {
    const svg = chartToSvg(
      [
        {
          label: 'a <b>',
          color: '#ff0000',
          points: [
            { x: 0, y: 1 },
            { x: 1, y: Number.NaN },
            { x: 2, y: 0 },
            { x: 3, y: 0.5 },
          ],
        },
        {
          label: 'raw',
          color: '#00ff00',
          points: [
            { x: 0, y: 0 },
            { x: 3, y: 1 },
          ],
          opacity: 0.3,
          hideInLegend: true,
          band: [
            { x: 0, lower: 0, upper: 1 },
            { x: 3, lower: 0.5, upper: 1 },
          ],
        },
      ],
      { title: 'Loss & more', xLabel: 'step', width: 400, height: 300 },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"')).toBe(true);
    expect(svg).toContain('Loss &amp; more');
    expect(svg).toContain('a &lt;b&gt;');
    const paths = svg.match(/<path d="([^"]+)"/g)!;
    expect(paths).toHaveLength(2);
    expect(paths[0].match(/M/g)).toHaveLength(2); // restarted after the NaN
    expect(svg).toContain('<polygon');
    expect(svg).toContain('stroke-opacity="0.3"');
    expect(svg).not.toContain('>raw</text>'); // hidden from the legend (only in <title>)
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1000, 4)).toEqual([0, 250, 500, 750, 1000]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('virtual rows', () => {
  it('renders only the visible rows plus overscan', () => {
    expect(visibleRows({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, total: 10_000, overscan: 5 })).toEqual({
      start: 0,
      end: 16,
      offsetTop: 0,
      totalHeight: 400_000,
    });
    const mid = visibleRows({ scrollTop: 40_000, viewportHeight: 400, rowHeight: 40, total: 10_000, overscan: 5 });
    expect(mid).toEqual({ start: 995, end: 1016, offsetTop: 39_800, totalHeight: 400_000 });
    expect(visibleRows({ scrollTop: 1e9, viewportHeight: 400, rowHeight: 40, total: 3 }).end).toBe(3);
    expect(visibleRows({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, total: 0 })).toMatchObject({ start: 0, end: 0 });
  });

  it('maps a row range to server pages', () => {
    expect(pagesFor(95, 216, 100)).toEqual([0, 1, 2]);
    expect(pagesFor(0, 0, 100)).toEqual([]);
  });
});

describe('sweep grid', () => {
  const kd = { label: 'kd', terms: [{ method: 'kd' as const, weight: 0.9 }] };
  const nst = { label: 'nst', terms: [{ method: 'nst' as const, weight: 50, teacherTap: 's', studentTap: 's' }] };
  it('multiplies kernels only into methods with an NST term', () => {
    expect(sweepCount({ methods: [kd, nst], weightScales: [0.5, 1], kernels: ['linear', 'poly', 'gaussian'], seeds: [1, 2] })).toBe((1 + 3) * 2 * 2);
    expect(sweepCount({ methods: [], weightScales: [], kernels: [], seeds: [1] })).toBe(1);
  });
  it('parses positive lists and scales non-CE weights', () => {
    expect(parsePositiveList('0.5, 1 2')).toEqual({ values: [0.5, 1, 2] });
    expect(parsePositiveList('1, -2').error).toMatch(/-2/);
    expect(
      scaleTerms(
        [
          { method: 'ce', weight: 1 },
          { method: 'kd', weight: 0.9 },
        ],
        0.5,
      ),
    ).toEqual([
      { method: 'ce', weight: 1 },
      { method: 'kd', weight: 0.45 },
    ]);
  });
});

describe('confusion matrices, seed groups, colours', () => {
  it('normalises rows and diffs two runs', () => {
    expect(
      normalizeRows([
        [3, 1],
        [0, 0],
      ]),
    ).toEqual([
      [0.75, 0.25],
      [0, 0],
    ]);
    expect(
      confusionDiff(
        [
          [1, 1],
          [0, 2],
        ],
        [
          [2, 0],
          [0, 2],
        ],
      ),
    ).toEqual([
      [0.5, -0.5],
      [0, 0],
    ]);
    expect(() =>
      confusionDiff(
        [[1]],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toThrow(/different numbers of classes/);
  });

  it('reads group tags and names groups', () => {
    expect(groupOf({ tags: ['x', 'group:ab12'] })).toBe('ab12');
    expect(groupOf({ tags: [] })).toBeNull();
    expect(newGroupId(() => 0.5)).toHaveLength(8);
    expect(groupName(['kd · seed 1', 'kd · seed 2'])).toBe('kd');
  });

  it('gives fixed colours', () => {
    expect(runColor(0)).toBe(runColor(10));
    expect(runColor(1)).not.toBe(runColor(0));
    expect(withAlpha('#ff0080', 0.5)).toBe('rgba(255, 0, 128, 0.5)');
  });
});
