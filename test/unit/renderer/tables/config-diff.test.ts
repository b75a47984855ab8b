import { describe, expect, it } from 'vitest';
import { diffConfigs, flattenConfig } from '../../../../src-renderer/lib/tables/config-diff';

describe('config diff', () => {
  it('flattens nested objects and arrays to paths', () => {
    expect(flattenConfig({ a: { b: 1, c: 'x' }, terms: [{ method: 'kd', options: { temperature: 4 } }], tags: [] })).toEqual({
      'a.b': '1',
      'a.c': 'x',
      'terms[0].method': 'kd',
      'terms[0].options.temperature': '4',
      tags: '[]',
    });
  });

  it('marks differing paths, including ones only some configs have', () => {
    const rows = diffConfigs([
      { model: 'cnn', epochs: 1, optimizer: { learningRate: 0.05 } },
      { model: 'cnn', epochs: 2, optimizer: { learningRate: 0.05 }, teacherRunId: 't1' },
    ]);
    expect(rows.map((r) => [r.path, r.differs])).toEqual([
      ['model', false],
      ['epochs', true],
      ['optimizer.learningRate', false],
      ['teacherRunId', true],
    ]);
    expect(rows[3]!.values).toEqual([undefined, 't1']);
  });

  it('ignores listed paths and their children', () => {
    const rows = diffConfigs(
      [
        { name: 'a', tags: ['x'], seed: 1 },
        { name: 'b', tags: ['y'], seed: 1 },
      ],
      ['name', 'tags'],
    );
    expect(rows.map((r) => r.path)).toEqual(['seed']);
  });
});
