// Scoring on the test split, end to end through the built CLI: a dataset with a test split
// (IDX files written from the bundled digits, so the task is learnable), a 3-epoch run, and the
// stored scores: test/* of the final model, best/* of the epoch best on validation. test/acc is
// checked independently: onnxruntime runs the exported model on the raw test pixels and must
// agree, and the export's own verification must match the recorded value.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMeta, readSplit } from '../../src-main/datasets/shard-store';
import { nhwcToNchw } from '../../src-main/training/worker/onnx-runner';
import { idxFile } from '../fixtures/datasets/generate';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-test-split-');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => requireBuild());

/** IDX train (1,200) and t10k (400) files cut from the bundled digits of a fresh data folder. */
function writeIdxFromDemo(data: string, dest: string): void {
  expect(cli(['datasets', 'list', '--json', '--data-dir', data]).code).toBe(0); // installs the demo dataset
  const dir = join(data, 'datasets', 'mnist-demo');
  const meta = readMeta(dir);
  const train = readSplit(dir, meta, 'train');
  const side = meta.shape[0];
  mkdirSync(dest, { recursive: true });
  const write = (prefix: string, from: number, count: number) => {
    writeFileSync(
      join(dest, `${prefix}-images-idx3-ubyte`),
      idxFile([count, side, side], train.images.subarray(from * side * side, (from + count) * side * side)),
    );
    writeFileSync(join(dest, `${prefix}-labels-idx1-ubyte`), idxFile([count], train.labels.subarray(from, from + count)));
  };
  write('train', 0, 1200);
  write('t10k', 1200, 400);
}

describe('test split', () => {
  it('scores the final and the best-on-validation model on it, and the export agrees', async () => {
    const data = tempDir();
    const src = join(tempDir(), 'digits');
    writeIdxFromDemo(data, src);
    const imported = cli(['datasets', 'import', src, '--name', 'digits with test', '--val', '0.25', '--json', '--data-dir', data]);
    expect(imported.code, imported.stderr).toBe(0);
    const ds = JSON.parse(imported.stdout);
    expect(ds.splits.test).toBe(400); // t10k is the test split; validation is carved from train, per class
    expect(ds.splits.train + ds.splits.val).toBe(1200);

    const cfg = join(data, 'run.yaml');
    writeFileSync(cfg, `datasetId: ${ds.id}\nname: with-test\nmodel: cnn\nepochs: 3\nbatchSize: 32\nseed: 5\n`);
    const trained = cli(['train', cfg, '--json', '--data-dir', data]);
    expect(trained.code, trained.stderr).toBe(0);
    const run = JSON.parse(trained.stdout) as { id: string; finalMetrics: Record<string, number> };
    const m = run.finalMetrics;
    for (const key of ['test/acc', 'test/loss', 'test/top5', 'best/epoch', 'best/val_acc', 'best/test_acc']) expect(m[key], key).toBeTypeOf('number');
    expect(Number.isInteger(m['test/acc']! * 400)).toBe(true); // a count of the 400 test images
    expect(m['test/acc']).toBeGreaterThan(0.3); // learnt something: chance is 0.1

    // best/* is the epoch with the highest validation accuracy, read back from the stored series
    const metricsFile = join(data, 'metrics.json');
    const exported = cli(['export', run.id, '--format', 'json', '--out', metricsFile, '--data-dir', data]);
    expect(exported.code, exported.stderr).toBe(0);
    const [stored] = JSON.parse(readFileSync(metricsFile, 'utf8')) as { metrics: Record<string, { epoch: number[]; value: number[] }> }[];
    const val = stored!.metrics['val/acc']!;
    const bestAt = val.value.indexOf(Math.max(...val.value));
    expect(m['best/val_acc']).toBe(val.value[bestAt]);
    expect(m['best/epoch']).toBe(val.epoch[bestAt]);
    if (m['best/epoch'] === 3) expect(m['best/test_acc']).toBe(m['test/acc']); // the final model is the best one
    expect(stored!.metrics['test/acc']!.value).toEqual([m['test/acc']]);

    // the ONNX export is verified on the test split, against the recorded test/acc …
    const out = join(data, 'onnx');
    const ex = JSON.parse(cli(['export', run.id, '--format', 'onnx', '--out', out, '--json', '--data-dir', data]).stdout);
    expect(ex).toMatchObject({ split: 'test', samples: 400, matches: true, runAccuracy: m['test/acc'], appAccuracy: m['test/acc'] });
    // … and onnxruntime on the raw test pixels, outside the app's code, gets the same accuracy
    const dsDir = join(data, 'datasets', ds.id);
    const meta = readMeta(dsDir);
    const test = readSplit(dsDir, meta, 'test');
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const image = new ort.Tensor('float32', nhwcToNchw(test.images, meta.shape, 400), [400, 1, 28, 28]);
    const logits = (await session.run({ image })).logits!.data as Float32Array;
    let hits = 0;
    for (let i = 0; i < 400; i++) {
      const row = Array.from(logits.subarray(i * 10, i * 10 + 10));
      if (row.indexOf(Math.max(...row)) === test.labels[i]) hits++;
    }
    await session.release();
    expect(hits / 400).toBe(m['test/acc']);
  }, 600_000);
});
