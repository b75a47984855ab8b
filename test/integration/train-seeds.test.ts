// `distill-studio train config --seeds a,b`: one run per seed with that seed, named and tagged as
// one seed group, and the summary's mean ± std recomputed from the runs' own results.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-seeds-');
const cli = (args: string[]) => spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 300_000 });

beforeAll(() => requireBuild());

describe('train --seeds', () => {
  it('trains one run per seed as a seed group and summarises them', () => {
    const dir = tempDir();
    const cfg = join(dir, 'tiny.yaml');
    writeFileSync(cfg, 'datasetId: mnist-demo\nname: tiny\nmodel: cnn-tiny\nepochs: 1\nbatchSize: 32\nmaxTrainSamples: 128\nmaxValSamples: 100\nseed: 9\n');
    const r = cli(['train', cfg, '--seeds', '5,6', '--json', '--data-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      group: string;
      seeds: number[];
      runs: { id: string; name: string; finalMetrics: Record<string, number> }[];
      summary: Record<string, { mean: number; std: number; n: number }>;
    };
    expect(out.seeds).toEqual([5, 6]);
    expect(out.group).toMatch(/^group:[a-z0-9_-]{8}$/);
    expect(out.runs.map((x) => x.name)).toEqual(['tiny · seed 5', 'tiny · seed 6']);
    const shown = out.runs.map((x) => JSON.parse(cli(['runs', 'show', x.id, '--json', '--data-dir', dir]).stdout));
    expect(shown.map((s) => s.config.seed)).toEqual([5, 6]);
    for (const s of shown) expect(s.tags).toContain(out.group);
    const [a, b] = out.runs.map((x) => x.finalMetrics['val/acc']!);
    expect(out.summary['val/acc']).toEqual({ mean: expect.closeTo((a! + b!) / 2, 12), std: expect.closeTo(Math.abs(a! - b!) / Math.SQRT2, 12), n: 2 });

    // the group compared with a single run, by group tag and by name, in each format
    const cfg2 = join(dir, 'other.yaml');
    writeFileSync(cfg2, 'datasetId: mnist-demo\nname: other\nmodel: cnn\nepochs: 1\nbatchSize: 32\nmaxTrainSamples: 128\nmaxValSamples: 100\nseed: 5\n');
    const other = JSON.parse(cli(['train', cfg2, '--json', '--data-dir', dir]).stdout) as { finalMetrics: Record<string, number> };
    const json = cli(['runs', 'compare', out.group, 'other', '--baseline', out.group, '--format', 'json', '--data-dir', dir]);
    expect(json.stderr).toBe('');
    const cmp = JSON.parse(json.stdout) as {
      baseline: string;
      entries: { name: string; runs: unknown[]; valAcc: { mean: number }; delta: { mean: number } | null; paired: boolean }[];
    };
    expect(cmp.baseline).toBe(out.group);
    expect(cmp.entries.map((e) => [e.name, e.runs.length])).toEqual([
      ['tiny', 2],
      ['other', 1],
    ]);
    // Δ is on the test split when every run was scored on one (the demo dataset has one)
    const [ta, tb] = out.runs.map((x) => x.finalMetrics['test/acc']!);
    expect(cmp.entries[1]!.delta!.mean).toBeCloseTo(other.finalMetrics['test/acc']! - (ta! + tb!) / 2, 12);
    const md = cli(['runs', 'compare', out.group, 'other', '--data-dir', dir]).stdout.trim().split('\n');
    expect(md[0]).toMatch(/^\| Run \| n \| Method/);
    expect(md).toHaveLength(4);
    const tex = cli(['runs', 'compare', out.group, 'other', '--format', 'latex', '--data-dir', dir]).stdout;
    expect(tex).toMatch(/^\\begin\{tabular\}/);
    const unknown = cli(['runs', 'compare', 'no-such-run', '--data-dir', dir]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no run with id 'no-such-run' and none named so/);
  }, 300_000);

  it('refuses a malformed seed list before anything runs', () => {
    const dir = tempDir();
    const r = cli(['train', join(dir, 'none.yaml'), '--seeds', '1,x', '--data-dir', dir]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--seeds.*expected seeds as whole numbers ≥ 0, e\.g\. 1,2,3/);
  });
});
