// The CLI as users run it: the real bin script in a child process, with a temp data folder.
// Checks help, JSON listings, and that bad input gives one readable line and no stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-cli-');

function cli(args: string[], env: Record<string, string> = {}, cwd = projectRoot) {
  const r = spawnSync(process.execPath, [cliBin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

beforeAll(() => requireBuild());

describe('distill-studio CLI', () => {
  it('prints help listing every subcommand', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const sub of ['serve', 'train', 'runs', 'datasets']) expect(r.stdout).toContain(sub);
  });

  it('lists datasets as JSON with id, name, numClasses and numSamples', () => {
    const r = cli(['datasets', 'list', '--json', '--data-dir', tempDir()]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(Array.isArray(list)).toBe(true);
    expect(list[0]).toMatchObject({ id: 'mnist-demo', numClasses: 10, numSamples: 10000 });
    expect(typeof list[0].name).toBe('string');
  });

  it('honours DISTILL_STUDIO_HOME when --data-dir is absent', () => {
    const home = tempDir();
    const r = cli(['runs', 'list', '--json'], { DISTILL_STUDIO_HOME: home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('explains an invalid config file without a stack trace', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: student\ndatasetId: mnist-demo\nmodel: cnn\nepochs: -1\nbatchSize: lots\n');
    const r = cli(['train', bad, '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^distill-studio: error: .*bad\.yaml: invalid run config: epochs: .*batchSize: /m);
    noStack(r.stderr);

    writeFileSync(bad, 'kind: [unclosed\n');
    const y = cli(['train', bad, '--data-dir', dir]);
    expect(y.code).toBe(2);
    expect(y.stderr).toMatch(/not valid YAML\/JSON \(line \d+/);
    noStack(y.stderr);

    const missing = cli(['train', join(dir, 'nope.yaml'), '--data-dir', dir]);
    expect(missing.stderr).toMatch(/config file not found/);
  });

  it('refuses a misspelt key before any run exists, naming the key meant', () => {
    const dir = tempDir();
    const cfg = join(dir, 'typo.yaml');
    writeFileSync(cfg, 'kind: student\ndatasetId: mnist-demo\nmodel: cnn\nepoch: 3\n');
    const r = cli(['train', cfg, '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid run config: epoch: unknown key; did you mean 'epochs'?");
    noStack(r.stderr);
    const runs = cli(['runs', 'list', '--json', '--data-dir', dir]);
    expect(runs.code).toBe(0);
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });

  it('refuses a tap the model does not have before any run exists', () => {
    const dir = tempDir();
    const cfg = join(dir, 'tap.yaml');
    writeFileSync(
      cfg,
      'kind: distill\ndatasetId: mnist-demo\nmodel: cnn\nteacherModelPath: ' +
        join(dir, 'teacher') +
        '\n' +
        'terms:\n  - { method: ce, weight: 1 }\n  - { method: at, weight: 1000, teacherTap: stage1, studentTap: stage4 }\n',
    );
    mkdirSync(join(dir, 'teacher'));
    writeFileSync(join(dir, 'teacher', 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [] }));
    writeFileSync(join(dir, 'teacher', 'taps.json'), JSON.stringify({ outputs: ['logits', 'stage1'] }));
    const r = cli(['train', cfg, '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("terms[1].studentTap: 'stage4' is not a tap of cnn (taps: logits, stage1, stage2)");
    noStack(r.stderr);
    expect(JSON.parse(cli(['runs', 'list', '--json', '--data-dir', dir]).stdout)).toEqual([]);
  });

  it('refuses an unknown model or dataset with a clear message', () => {
    const dir = tempDir();
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify({ datasetId: 'mnist-demo', model: 'resnet9000' }));
    const r = cli(['train', cfg, '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown model 'resnet9000' \(available: [a-z0-9-]+(, [a-z0-9-]+)*\)/);
    expect(r.stderr).toMatch(/\bcnn\b/);
    writeFileSync(cfg, JSON.stringify({ datasetId: 'imagenet', model: 'cnn' }));
    expect(cli(['train', cfg, '--data-dir', dir]).stderr).toMatch(/no dataset with id 'imagenet'/);
  });

  it('says clearly when a run id is unknown', () => {
    const r = cli(['runs', 'show', 'does-not-exist', '--data-dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no run with id 'does-not-exist'/);
    noStack(r.stderr);
  });

  it('trains from a config and prints one JSON object with id, status and final metrics', () => {
    const dir = tempDir();
    const cfg = join(dir, 'tiny.yaml');
    // The dataset by its name, as `datasets list` shows it (ids work too, as everywhere else).
    writeFileSync(cfg, 'datasetId: MNIST digits (demo, 10k)\nmodel: cnn\nepochs: 1\nbatchSize: 32\nmaxTrainSamples: 96\nmaxValSamples: 100\n');
    const r = cli(['train', cfg, '--json', '--data-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'completed', error: null, backend: 'cpu' });
    expect(out.finalMetrics['val/acc']).toBeGreaterThanOrEqual(0);
    // the average over the training steps: steps' images over their summed seconds
    const series = JSON.parse(
      cli(['export', out.id, '--format', 'json', '--out', join(dir, 'm.json'), '--data-dir', dir]).code === 0
        ? readFileSync(join(dir, 'm.json'), 'utf8')
        : '[]',
    )[0].metrics.throughput.value as number[];
    expect(out.averageImagesPerSec).toBeCloseTo(series.length / series.reduce((a, v) => a + 1 / v, 0), 6);
    const shown = JSON.parse(cli(['runs', 'show', out.id.slice(0, 8), '--json', '--data-dir', dir]).stdout);
    expect(shown.id).toBe(out.id);
    expect(shown.status).toBe('completed');
    expect(shown.datasetId).toBe('mnist-demo');

    const exported = cli(['export', out.id.slice(0, 8), '--format', 'tfjs', '--out', join(dir, 'model-out'), '--json', '--data-dir', dir]);
    expect(exported.code).toBe(0);
    const ex = JSON.parse(exported.stdout);
    expect(ex).toMatchObject({
      id: out.id,
      format: 'tfjs',
      split: 'test', // the demo dataset has a test split: exports are verified on it
      files: ['model-card.json', 'model.json', 'training/model.json', 'training/taps.json', 'training/weights.bin', 'weights.bin'],
      matches: true,
    });
    expect(ex.verifiedAccuracy).toBe(out.finalMetrics['test/acc']);
    const again = cli(['export', out.id, '--out', join(dir, 'model-out'), '--data-dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a model.json; pick an empty folder/);

    // Without --out the export lands in the current folder, named after the run and the format.
    const work = tempDir();
    const bundled = cli(['export', out.id, '--format', 'bundle', '--json', '--data-dir', dir], {}, work);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(JSON.parse(bundled.stdout).file).toBe(join(work, `${shown.name.replace(/[^\w.-]+/g, '_')}-${out.id.slice(0, 8)}.distill`));
    expect(existsSync(JSON.parse(bundled.stdout).file)).toBe(true);

    // The table shows the method and the validation accuracy the run recorded.
    const listed = cli(['runs', 'list', '--data-dir', dir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/METHOD +TEACHER +DATASET +VAL ACC % +BEST %/);
    const row = listed.stdout.split('\n').find((l) => l.startsWith(out.id))!;
    expect(row).toContain(` ce `);
    expect(row).toContain((100 * out.finalMetrics['val/acc']).toFixed(2));

    const deleted = cli(['runs', 'delete', out.id.slice(0, 8), '--json', '--data-dir', dir]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: 1 });
    expect(JSON.parse(cli(['runs', 'list', '--json', '--data-dir', dir]).stdout)).toEqual([]);
    expect(existsSync(join(dir, 'runs', out.id))).toBe(false);
  }, 300_000);
});
