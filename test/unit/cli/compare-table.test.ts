// `runs compare` tables (src-main/cli/compare-table.ts): entries from seed groups, paired and
// unpaired differences against a baseline, the gap recovered, and Markdown / CSV / LaTeX output.
import { describe, expect, it } from 'vitest';
import { compareCsv, compareEntries, compareLatex, compareMarkdown, latexEscape, type CompareRun } from '../../../src-main/cli/compare-table';

const run = (over: Partial<CompareRun>): CompareRun => ({
  id: 'x',
  name: 'x',
  seed: 1,
  group: null,
  method: 'ce',
  teacher: null,
  model: 'cnn-tiny',
  valAcc: null,
  bestValAcc: null,
  testAcc: null,
  teacherAcc: null,
  ...over,
});

const baseline = [1, 2, 3].map((seed, i) => run({ id: `b${seed}`, name: `base · seed ${seed}`, seed, group: 'group:base', valAcc: [0.8, 0.7, 0.75][i]! }));
const kd = [1, 2, 3].map((seed, i) =>
  run({ id: `k${seed}`, name: `kd_T4 · seed ${seed}`, seed, group: 'group:kd', method: 'kd', teacher: 'T', teacherAcc: 0.9, valAcc: [0.84, 0.76, 0.79][i]! }),
);

describe('compareEntries', () => {
  it('collapses seed groups and pairs the differences by seed', () => {
    const [b, k] = compareEntries([...baseline, ...kd], 'group:base');
    expect(b!.name).toBe('base');
    expect(b!.valAcc!.mean).toBeCloseTo(0.75, 12);
    expect(b!.valAcc!.std).toBeCloseTo(0.05, 12);
    expect(k!.paired).toBe(true);
    // per seed: 0.04, 0.06, 0.04 → 0.046667 ± 0.011547, much tighter than the groups' own spreads
    expect(k!.delta!.mean).toBeCloseTo(0.14 / 3, 12);
    expect(k!.delta!.std).toBeCloseTo(0.0115470054, 9);
    // gap recovered per seed against the baseline mean 0.75 and the teacher 0.9: (0.84−0.75)/0.15 …
    expect(k!.gapRecovered!.mean).toBeCloseTo((0.84 - 0.75 + (0.76 - 0.75) + (0.79 - 0.75)) / 0.15 / 3, 12);
  });

  it('takes the difference of means, with both spreads, when the seeds do not match', () => {
    const single = run({ id: 's', name: 'single', seed: 7, method: 'nst', valAcc: 0.8 });
    const [, s] = compareEntries([...baseline, single], 'group:base');
    expect(s!.paired).toBe(false);
    expect(s!.delta!.mean).toBeCloseTo(0.05, 12);
    expect(s!.delta!.std).toBeCloseTo(0.05, 12); // √(0.05² + 0²)
  });

  it('uses test accuracy when every run of both entries has one', () => {
    const withTest = baseline.map((r, i) => ({ ...r, testAcc: [0.6, 0.6, 0.6][i]! }));
    const kdTest = kd.map((r) => ({ ...r, testAcc: 0.7 }));
    expect(compareEntries([...withTest, ...kdTest], 'group:base')[1]!.delta!.mean).toBeCloseTo(0.1, 12);
  });
});

describe('table formats', () => {
  const entries = compareEntries([...baseline, ...kd], 'group:base');
  it('writes a GFM table with a header, an alignment row and one row per entry', () => {
    const md = compareMarkdown(entries, 'group:base').trim().split('\n');
    expect(md).toHaveLength(4);
    expect(md[0]).toBe('| Run | n | Method | Teacher | Model | Val acc | Best val | Test acc | Δ vs baseline | Gap recovered |');
    expect(md[1]).toMatch(/^\|( --- \|| ---: \|)+$/);
    expect(md[2]).toContain('| baseline |');
    expect(md[3]).toContain('| +4.67 ± 1.15 (paired) |');
  });

  it('writes CSV with quoted cells where needed', () => {
    const csv = compareCsv(compareEntries([run({ id: 'q', name: 'a, "b"', valAcc: 0.5 })], null), null)
      .trim()
      .split('\n');
    expect(csv[1]!.startsWith('"a, ""b""",1,')).toBe(true);
  });

  it('writes a LaTeX tabular with every special character escaped', () => {
    expect(latexEscape('kd_T4 50% & #1 {x} $y ~ ^ \\')).toBe('kd\\_T4 50\\% \\& \\#1 \\{x\\} \\$y \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
    const tex = compareLatex(entries, 'group:base');
    expect(tex.startsWith('\\begin{tabular}{lrlllrrrrr}\n\\hline\n')).toBe(true);
    expect(tex).toContain('kd\\_T4 & 3 & kd & T & cnn-tiny & 79.67 $\\pm$ 4.04');
    expect(tex).toContain('$\\Delta$ vs baseline');
    expect(tex.trim().endsWith('\\end{tabular}')).toBe(true);
    // every row has the header's number of cells
    for (const line of tex.split('\n').filter((l) => l.endsWith('\\\\'))) expect(line.split(' & ')).toHaveLength(10);
  });
});
