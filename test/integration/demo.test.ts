// The built-in demo, headless, as a user runs it: `distill-studio demo` on the bundled MNIST
// digits queues teacher → baseline → KD → NST-poly → KD+NST (weights balanced at the start, or the
// papers' with --paper-weights) and prints the summary table.
// A small budget keeps it short (2 epochs on 1,024 images, about 30 s on two cores), yet long
// enough for the wide teacher to beat the tiny baseline, so the gap column holds real numbers;
// the full default budget is what users get.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-demo-');
beforeAll(() => requireBuild());

describe('distill-studio demo', () => {
  it('runs the five demo runs and prints accuracy, params, gap recovered and wall time', () => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [cliBin, 'demo', '--epochs', '2', '--samples', '1024', '--json', '--data-dir', dir], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      label: string;
      model: string;
      status: string;
      accuracy: number;
      testAccuracy: number | null;
      runId: string;
      params: number;
      gapRecovered: number | null;
      seconds: number;
    }[];
    expect(rows.map((x) => x.label)).toEqual(['teacher', 'baseline (CE)', 'KD', 'NST-POLY', 'KD+NST']);
    expect(rows.every((x) => x.status === 'completed')).toBe(true);
    expect(rows[0]!.model).toBe('cnn-wide');
    expect(rows.slice(1).every((x) => x.model === 'cnn-tiny')).toBe(true);
    expect(rows[0]!.params).toBeGreaterThan(rows[1]!.params);
    for (const x of rows) {
      // a share of the validation images the demo scores, well above chance (10 classes) after two epochs
      expect(x.accuracy).toBeGreaterThan(0.5);
      expect(x.accuracy).toBeLessThanOrEqual(1);
      expect(x.seconds).toBeGreaterThan(0);
      // the demo dataset has a test split of 2,002 digits: every final model is scored on it once
      expect(x.testAccuracy).toBeGreaterThan(0.5);
      expect(x.testAccuracy).toBeLessThanOrEqual(1);
    }
    // the test column is the run's recorded test/acc, not the validation figure again
    const kd = spawnSync(process.execPath, [cliBin, 'runs', 'show', rows[2]!.runId, '--json', '--data-dir', dir], { cwd: projectRoot, encoding: 'utf8' });
    const shown = JSON.parse(kd.stdout) as { summary: { key: string; last: number }[]; config: { balanceWeights?: boolean } };
    expect(shown.summary.find((m) => m.key === 'test/acc')?.last).toBe(rows[2]!.testAccuracy);
    // distill runs balance their weights against CE at the start, and record what they chose
    expect(shown.config.balanceWeights).toBe(true);
    const alpha = shown.summary.find((m) => m.key === 'weight/kd')?.last;
    expect(alpha).toBeGreaterThan(0);
    expect(alpha).toBeLessThan(0.9); // the paper's α = 0.9 lets KD swamp CE on this student
    expect(shown.summary.find((m) => m.key === 'weight/ce')?.last).toBeCloseTo(1 - alpha!, 12);
    expect(rows.some((x) => x.testAccuracy !== x.accuracy)).toBe(true);
    const [teacher, baseline] = [rows[0]!.accuracy, rows[1]!.accuracy];
    expect(teacher).toBeGreaterThan(baseline + 0.02); // the 10× larger teacher is ahead: a gap to recover
    expect(rows[1]!.gapRecovered).toBeNull();
    for (const x of rows.slice(2)) {
      // (acc − baseline) / (teacher − baseline), recomputed from the printed accuracies
      expect(x.gapRecovered).toBeCloseTo((x.accuracy - baseline) / (teacher - baseline), 9);
    }

    const table = spawnSync(process.execPath, [cliBin, 'runs', 'list', '--data-dir', dir], { cwd: projectRoot, encoding: 'utf8' });
    expect(table.stdout.match(/completed/g)).toHaveLength(5);
  }, 600_000);

  it('runs once per seed and summarises: mean ± std, and the paired difference against the baseline', () => {
    const dir = tempDir();
    const args = ['demo', '--dataset', 'MNIST digits (demo, 10k)', '--paper-weights', '--epochs', '1', '--samples', '256', '--seeds', '3,4', '--json'];
    const r = spawnSync(process.execPath, [cliBin, ...args, '--data-dir', dir], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      seeds: number[];
      tables: { label: string; accuracy: number; runId: string }[][];
      summary: { label: string; accuracy: { mean: number; std: number; n: number }; vsBaseline: { mean: number; std: number; n: number } | null }[];
    };
    expect(out.seeds).toEqual([3, 4]);
    expect(out.tables).toHaveLength(2);
    expect(new Set(out.tables.flat().map((x) => x.runId)).size).toBe(10); // ten runs, two per row
    for (const [i, s] of out.summary.entries()) {
      const [a, b] = [out.tables[0]![i]!.accuracy, out.tables[1]![i]!.accuracy];
      expect(s.accuracy.mean).toBeCloseTo((a + b) / 2, 12);
      expect(s.accuracy.std).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 12); // sample std of two values
      if (i < 2) expect(s.vsBaseline).toBeNull();
      else expect(s.vsBaseline!.mean).toBeCloseTo((a - out.tables[0]![1]!.accuracy + b - out.tables[1]![1]!.accuracy) / 2, 12);
    }
    // the seeds were really used: the runs are recorded with them
    const shown = spawnSync(process.execPath, [cliBin, 'runs', 'show', out.tables[1]![0]!.runId, '--json', '--data-dir', dir], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(JSON.parse(shown.stdout).config.seed).toBe(4);
    // --paper-weights: the distill runs keep the presets' weights
    const kd = JSON.parse(
      spawnSync(process.execPath, [cliBin, 'runs', 'show', out.tables[1]![2]!.runId, '--json', '--data-dir', dir], { cwd: projectRoot, encoding: 'utf8' })
        .stdout,
    ) as { config: { balanceWeights?: boolean; terms: { method: string; weight: number }[] } };
    expect(kd.config.balanceWeights).toBeUndefined();
    expect(kd.config.terms.map((t) => [t.method, t.weight])).toEqual([
      ['ce', 0.1],
      ['kd', 0.9],
    ]);
  }, 600_000);
});
