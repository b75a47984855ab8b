import { describe, expect, it } from 'vitest';
import { buildCompareTable, compareToCsv, compareToMarkdown, type CompareColumn } from '../../../../src-renderer/lib/tables/compare-table';
import { toCsv, toMarkdown } from '../../../../src-renderer/lib/tables/table-export';

describe('CSV and Markdown builders', () => {
  it('quotes CSV fields with commas, quotes, newlines and edge spaces; blanks for missing numbers', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['line\nbreak', null],
          [' pad', Number.NaN],
          [1.5, 'plain'],
        ],
      ),
    ).toBe('a,b\n"x,y","say ""hi"""\n"line\nbreak",\n" pad",\n1.5,plain\n');
  });

  it('escapes pipes in Markdown, aligns numeric columns right and bolds marked cells', () => {
    const md = toMarkdown(
      ['Run', 'Acc'],
      [
        ['a|b', 0.9],
        ['c', 0.8],
      ],
      {
        align: ['left', 'right'],
        bold: [
          [false, true],
          [false, false],
        ],
      },
    );
    expect(md).toBe('| Run | Acc |\n| --- | ---: |\n| a\\|b | **0.9** |\n| c | 0.8 |\n');
  });
});

describe('comparison table', () => {
  const columns: CompareColumn[] = [
    { id: 'acc', label: 'val/acc', higherIsBetter: true, percent: true },
    { id: 'loss', label: 'train/loss', higherIsBetter: false, percent: false },
  ];
  const table = buildCompareTable(
    [
      { id: 'r1', label: 'baseline', size: 1, values: { acc: [0.9], loss: [0.3] } },
      { id: 'g1', label: 'kd', size: 3, values: { acc: [0.92, 0.94, 0.93], loss: [0.35, 0.33, 0.34] } },
    ],
    columns,
  );

  it('marks the best value per column (max for accuracy, min for loss) and shows mean ± std for groups', () => {
    expect(table.rows[0]!.cells.map((c) => c.best)).toEqual([false, true]);
    expect(table.rows[1]!.cells.map((c) => c.best)).toEqual([true, false]);
    expect(table.rows[1]!.cells[0]!.text).toBe('93.00 ± 1.00%');
    expect(table.rows[0]!.cells[0]!.text).toBe('90.00%');
  });

  it('exports CSV with raw values and std columns', () => {
    const csv = compareToCsv(table).split('\n');
    expect(csv[0]).toBe('run,runs,val/acc,val/acc std,train/loss,train/loss std');
    expect(csv[1]).toBe('baseline,1,0.9,,0.3,');
    expect(csv[2]!.startsWith('kd,3,0.93')).toBe(true);
  });

  it('exports Markdown a paper can take, best in bold', () => {
    const md = compareToMarkdown(table);
    expect(md).toContain('| Run | val/acc (%) | train/loss |');
    expect(md).toContain('| baseline | 90.00 | **0.3** |');
    expect(md).toContain('| kd (n=3) | **93.00 ± 1.00** | 0.34 ± 0.01 |');
  });
});
