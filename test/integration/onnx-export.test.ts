// ONNX export end to end, as a user runs it: the built CLI trains a tiny run on the bundled demo
// dataset, exports it with `export --format onnx`, and the test then runs the written model.onnx
// itself with onnxruntime-node on the raw pixels of the demo's test split, which the run was scored
// on at its end: its accuracy must equal the recorded test/acc, and the model card must describe
// the file.
// Also the TF.js export's single-output form, and readable errors for a run without a model, a
// model the worker cannot read (the half-written export is removed) and a dataset that is gone.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMeta, readSplit } from '../../src-main/datasets/shard-store';
import { nhwcToNchw } from '../../src-main/training/worker/onnx-runner';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir';

const VAL_SAMPLES = 300;
/** The bundled demo's test split (src-main/datasets/mnist-demo.ts): exports are verified on all of it. */
const TEST_SAMPLES = 2002;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

let dir: string;
let run: { id: string; finalMetrics: Record<string, number> };

beforeAll(() => {
  requireBuild();
  dir = makeTempDir('distill-onnx-');
  const cfg = join(dir, 'tiny.yaml');
  writeFileSync(
    cfg,
    `datasetId: mnist-demo\nname: onnx-e2e\nmodel: cnn-tiny\nepochs: 1\nbatchSize: 32\nmaxTrainSamples: 512\nmaxValSamples: ${VAL_SAMPLES}\nseed: 3\n`,
  );
  const r = cli(['train', cfg, '--json', '--data-dir', dir]);
  expect(r.code, r.stderr).toBe(0);
  run = JSON.parse(r.stdout);
}, 240_000);

afterAll(() => removeTempDir(dir));

describe('export --format onnx', () => {
  it('writes model.onnx + model card, verified against the app and the recorded accuracy', async () => {
    const out = join(dir, 'onnx');
    const r = cli(['export', run.id, '--format', 'onnx', '--out', out, '--json', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const ex = JSON.parse(r.stdout);
    const recorded = run.finalMetrics['test/acc']!;
    expect(recorded).toBeGreaterThan(0.2); // scored on the test split at the end of the run (chance is 0.1)
    expect(ex).toMatchObject({ format: 'onnx', files: ['model-card.json', 'model.onnx'], split: 'test', samples: TEST_SAMPLES, matches: true });
    expect(ex.verifiedAccuracy).toBe(recorded);
    expect(ex.appAccuracy).toBe(recorded);
    expect(ex.runAccuracy).toBe(recorded);
    expect(ex.maxLogitDiff).toBeLessThanOrEqual(1e-4);
    console.log(
      `e2e ONNX export (cnn-tiny, demo test ${TEST_SAMPLES}): recorded ${recorded}, app ${ex.appAccuracy}, onnx ${ex.verifiedAccuracy}, max |logit diff| ${ex.maxLogitDiff.toExponential(2)}`,
    );

    // Independently of the export code: onnxruntime on raw pixels of the stored split.
    const dsDir = join(dir, 'datasets', 'mnist-demo');
    const meta = readMeta(dsDir);
    const test = readSplit(dsDir, meta, 'test');
    expect(test.count).toBe(TEST_SAMPLES);
    const size = meta.shape[0] * meta.shape[1] * meta.shape[2];
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    expect([session.inputNames, session.outputNames]).toEqual([['image'], ['logits']]);
    const image = new ort.Tensor('float32', nhwcToNchw(test.images.subarray(0, TEST_SAMPLES * size), meta.shape, TEST_SAMPLES), [TEST_SAMPLES, 1, 28, 28]);
    const logits = (await session.run({ image })).logits!.data as Float32Array;
    let hits = 0;
    for (let i = 0; i < TEST_SAMPLES; i++) {
      const row = Array.from(logits.subarray(i * 10, i * 10 + 10));
      if (row.indexOf(Math.max(...row)) === test.labels[i]) hits++;
    }
    await session.release();
    expect(hits / TEST_SAMPLES).toBe(recorded);

    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card).toMatchObject({
      format: 'onnx',
      files: ['model.onnx'],
      architecture: 'cnn-tiny',
      run: { id: run.id, name: 'onnx-e2e', kind: 'student', seed: 3 },
      classes: meta.classNames,
      input: { name: 'image', layout: 'NCHW', shape: [null, 1, 28, 28], dtype: 'float32', range: [0, 255] },
      output: { name: 'logits', shape: [null, 10] },
      normalisation: { included: true, mean: meta.mean, std: meta.std },
      dataset: { id: 'mnist-demo', fingerprint: meta.fingerprint, imageShape: [28, 28, 1] },
      teacher: null,
      method: { kind: 'student', terms: [] },
      verification: { split: 'test', samples: TEST_SAMPLES, appAccuracy: recorded, exportedAccuracy: recorded, tolerance: 1e-4 },
    });
    expect(card.metrics['test/acc']).toBe(recorded);
    expect(card.metrics['val/acc']).toBe(run.finalMetrics['val/acc']);
  }, 240_000);

  it('writes the TF.js export with one output and the normalisation inside', () => {
    const out = join(dir, 'tfjs');
    const r = cli(['export', run.id, '--format', 'tfjs', '--out', out, '--json', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const ex = JSON.parse(r.stdout);
    expect(ex).toMatchObject({ format: 'tfjs', split: 'test', matches: true });
    expect(ex.verifiedAccuracy).toBe(run.finalMetrics['test/acc']);
    const topology = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).modelTopology.config;
    expect(topology.output_layers).toEqual([['logits', 0, 0]]);
    expect(topology.layers[1].name).toBe('normalise');
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card).toMatchObject({ format: 'tfjs-layers', files: ['model.json', 'weights.bin'], input: { layout: 'NHWC', shape: [null, 28, 28, 1] } });
    expect(existsSync(join(out, 'training', 'taps.json'))).toBe(true);
  }, 240_000);

  it('explains a run without a model, an unreadable model and a dataset that is gone, without a stack trace', () => {
    const modelDir = join(dir, 'runs', run.id, 'model');
    renameSync(modelDir, `${modelDir}-away`);
    const noModel = cli(['export', run.id, '--format', 'onnx', '--out', join(dir, 'x'), '--data-dir', dir]);
    renameSync(`${modelDir}-away`, modelDir);
    expect(noModel.code).not.toBe(0);
    expect(noModel.stderr).toMatch(/has no final model to export/);
    noStack(noModel.stderr);

    // A model the worker cannot read: one readable line, and nothing left that looks like an export.
    const weights = join(modelDir, 'weights.bin');
    const intact = readFileSync(weights);
    writeFileSync(weights, intact.subarray(0, 100));
    const broken = cli(['export', run.id, '--format', 'tfjs', '--out', join(dir, 'z'), '--data-dir', dir]);
    writeFileSync(weights, intact);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/the run's model in .* cannot be read: /);
    noStack(broken.stderr);
    expect(readdirSync(join(dir, 'z'))).toEqual([]);

    const deleted = cli(['datasets', 'delete', 'mnist-demo', '--force', '--data-dir', dir]);
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = cli(['export', run.id, '--format', 'onnx', '--out', join(dir, 'y'), '--data-dir', dir]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/dataset mnist-demo of run 'onnx-e2e' is no longer in the library/);
    noStack(gone.stderr);
  }, 120_000);
});
