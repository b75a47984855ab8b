// `runs list --filter/--sort` with the GAP column, and `runs show` with the terms and the gap
// recovered: a teacher, a baseline (the student model alone, same seed) and a KD run through the
// built CLI; the gap is recomputed here from the three recorded accuracies.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-list-');
const cli = (args: string[]) => spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 300_000 });

beforeAll(() => requireBuild());

describe('runs list and runs show for papers', () => {
  it('filters, sorts, and shows terms and the gap recovered', () => {
    const dir = tempDir();
    const base = 'datasetId: mnist-demo\nepochs: 1\nbatchSize: 32\nmaxTrainSamples: 256\nmaxValSamples: 200\nseed: 3\n';
    const train = (name: string, extra: string) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, `${base}name: ${name}\n${extra}`);
      const r = cli(['train', file, '--json', '--data-dir', dir]);
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { id: string; finalMetrics: Record<string, number> };
    };
    const teacher = train('teacher', 'kind: teacher\nmodel: cnn-wide\n');
    const baseline = train('alone', 'kind: student\nmodel: cnn-tiny\n');
    const kd = train(
      'kd',
      `kind: distill\nmodel: cnn-tiny\nteacherRunId: teacher\nterms:\n  - { method: ce, weight: 0.1 }\n  - { method: kd, weight: 0.9, options: { temperature: 4 } }\n`,
    );

    const [t, b, s] = [teacher, baseline, kd].map((x) => x.finalMetrics['val/acc']!);
    const shown = cli(['runs', 'show', 'kd', '--data-dir', dir]).stdout;
    expect(shown).toMatch(/^Terms {5}0\.1 · ce$/m);
    expect(shown).toMatch(/^ {10}0\.9 · kd \(temperature=4\)$/m);
    if (t! - b! > 1e-9)
      expect(shown).toContain(
        `Gap       ${((100 * (s! - b!)) / (t! - b!)).toFixed(1)} % of the teacher–baseline gap recovered (baseline alone, ${baseline.id.slice(0, 8)})`,
      );
    else expect(shown).toMatch(/^Gap {7}– /m);

    const kdOnly = cli(['runs', 'list', '--filter', 'method=kd', '--json', '--data-dir', dir]);
    expect((JSON.parse(kdOnly.stdout) as { id: string }[]).map((r) => r.id)).toEqual([kd.id]);
    const students = JSON.parse(cli(['runs', 'list', '--filter', 'model=cnn-tiny', '--filter', 'kind=student', '--json', '--data-dir', dir]).stdout) as {
      id: string;
    }[];
    expect(students.map((r) => r.id)).toEqual([baseline.id]);
    const byAcc = cli(['runs', 'list', '--sort', 'acc:asc', '--data-dir', dir]).stdout.split('\n').slice(2).filter(Boolean);
    const order = [teacher, baseline, kd].sort((x, y) => x.finalMetrics['val/acc']! - y.finalMetrics['val/acc']!).map((x) => x.id);
    expect(byAcc.map((line) => line.split(/\s+/)[0])).toEqual(order);
    expect(cli(['runs', 'list', '--data-dir', dir]).stdout.split('\n')[0]).toMatch(/BEST %\s+GAP %/);
    const bad = cli(['runs', 'list', '--filter', 'colour=red', '--data-dir', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown key 'colour'; use one of method, kind, status, dataset, model, tag, teacher/);
  }, 300_000);
});
