// ONNX round trip for every model of the zoo catalog: the model is built by the app's own builder
// (seeded random init, BN γ, β and moving statistics randomised so batch normalisation is not an
// identity), written as ONNX by export/onnx/, run by onnxruntime-node on raw pixels, and compared
// with the app's logits on the same images normalised by training/core/batches.ts. Inputs are
// small (8×8×3; 28×28×1 for the MNIST CNNs) to keep the pure-JS forward passes quick.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_CATALOG, buildModel } from '../../../src-main/training/core/models/registry';
import { makeBatch } from '../../../src-main/training/core/batches';
import { onnxBytesOf } from '../../../src-main/training/worker/inference-models';
import { nhwcToNchw } from '../../../src-main/training/worker/onnx-runner';
import { useTestBackend } from '../training/core/models/helpers';

useTestBackend();

const NORM3 = { mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26] };
const NORM1 = { mean: [0.13], std: [0.31] };
const BATCH = 3;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * γ ∈ [0.25, 0.75], β, μ ∈ [−0.3, 0.3], σ² ∈ [0.5, 2] on every BN layer: a non-trivial BN whose
 * residual sums stay O(1) through resnet110 (γ ≈ 1 grows its untrained logits to ~10⁴, where float32
 * rounding alone exceeds 1e-4 in any two implementations).
 */
function randomiseBatchNorm(model: tf.LayersModel, rand: () => number): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const c = layer.getWeights()[0]!.shape[0];
    const vec = (lo: number, hi: number) => tf.tensor1d(Float32Array.from({ length: c }, () => lo + (hi - lo) * rand()));
    tf.tidy(() => layer.setWeights([vec(0.25, 0.75), vec(-0.3, 0.3), vec(-0.3, 0.3), vec(0.5, 2)]));
  }
}

const results: string[] = [];
afterAll(() => console.log(`ONNX vs app, max |logit difference| per zoo model:\n${results.join('\n')}`));

/** Builds `name` for `shape`, exports it, runs both; returns max |logit difference| and max |logit|. */
async function roundTrip(name: string, shape: [number, number, number], norm: { mean: number[]; std: number[] }, classes = 10) {
  const rand = rng(name.length * 7919 + shape[0] * 31 + shape[1]);
  const built = buildModel(name, shape, classes, 11);
  randomiseBatchNorm(built.model, rand);
  const size = shape[0] * shape[1] * shape[2];
  const pixels = Uint8Array.from({ length: BATCH * size }, () => Math.floor(rand() * 256));
  const src = { images: pixels, labels: new Uint8Array(BATCH), count: BATCH, shape };
  const { x, y } = makeBatch(src, [0, 1, 2], norm);
  const outs = built.model.predict(x) as tf.Tensor[];
  const app = outs[0]!.dataSync() as Float32Array;
  tf.dispose([x, y, ...outs]);

  const bytes = onnxBytesOf(built.model, { architecture: name, inputShape: shape, numClasses: classes, normalisation: norm });
  built.model.dispose();
  const session = await ort.InferenceSession.create(bytes);
  expect(session.inputNames).toEqual(['image']);
  expect(session.outputNames).toEqual(['logits']);
  const feeds = { image: new ort.Tensor('float32', nhwcToNchw(pixels, shape, BATCH), [BATCH, shape[2], shape[0], shape[1]]) };
  const got = (await session.run(feeds)).logits!;
  await session.release();
  expect(got.dims).toEqual([BATCH, classes]);
  const onnx = got.data as Float32Array;
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < app.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(app[i]! - onnx[i]!));
    maxAbs = Math.max(maxAbs, Math.abs(app[i]!));
  }
  return { maxDiff, maxAbs };
}

describe('ONNX export of every zoo model', () => {
  for (const name of MODEL_CATALOG.keys()) {
    it(`${name}: onnxruntime logits match the app within 1e-4`, async () => {
      const mnist = name.startsWith('cnn');
      const { maxDiff, maxAbs } = await roundTrip(name, mnist ? [28, 28, 1] : [8, 8, 3], mnist ? NORM1 : NORM3);
      results.push(`  ${name.padEnd(11)} ${maxDiff.toExponential(2)} (max |logit| ${maxAbs.toFixed(2)})`);
      expect(maxAbs).toBeGreaterThan(1e-3); // a dead network would match trivially
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
    }, 120_000);
  }
});

// Odd and non-square sizes: stride-2 convs on odd maps (7 → 4), pools rounding down (7 → 3),
// H ≠ W (the NHWC → NCHW transposes and the flatten head's row order), 2-channel inputs.
describe('ONNX export on odd and non-square inputs', () => {
  const cases: Array<[string, [number, number, number]]> = [
    ['cnn', [12, 8, 3]],
    ['cnn-tiny', [15, 9, 2]],
    ['resnet8', [14, 14, 1]],
    ['wrn-16-1', [13, 11, 2]],
    ['vgg8', [14, 10, 1]],
  ];
  for (const [name, shape] of cases) {
    it(`${name} at ${shape.join('×')}`, async () => {
      const c = shape[2];
      const norm = { mean: NORM3.mean.slice(0, c), std: NORM3.std.slice(0, c) };
      const { maxDiff, maxAbs } = await roundTrip(name, shape, norm, 5);
      expect(maxAbs).toBeGreaterThan(1e-3);
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
    });
  }
});
