// The TF.js inference form (training/worker/inference-models.ts): one input `image` of raw
// pixels, the normalisation as its first layer, one output `logits`, and the same logits as the
// app's model on normalised batches. Saved and reloaded with tf.loadLayersModel, as a TF.js user
// would, for one model of each family (with BN, residual adds, pre-activation, flatten head).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src-main/training/core/models/registry';
import { makeBatch } from '../../../src-main/training/core/batches';
import { tfjsInferenceModel } from '../../../src-main/training/worker/inference-models';
import { useTestBackend } from '../training/core/models/helpers';

useTestBackend();

/** Saves and reloads `model`; also returns the saved topology's config. */
async function reload(model: tf.LayersModel): Promise<{ model: tf.LayersModel; config: { input_layers: unknown; output_layers: unknown } }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  model.dispose();
  const config = (saved!.modelTopology as { config: { input_layers: unknown; output_layers: unknown } }).config;
  return { model: await tf.loadLayersModel(tf.io.fromMemory(saved!)), config };
}

describe('TF.js inference model', () => {
  const cases: Array<[string, [number, number, number], { mean: number[]; std: number[] }]> = [
    ['cnn-tiny', [28, 28, 1], { mean: [0.13], std: [0.31] }],
    ['cnn', [12, 12, 3], { mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] }],
    ['resnet8', [8, 8, 3], { mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] }],
    ['wrn-16-1', [8, 8, 3], { mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] }],
    ['vgg8', [8, 8, 3], { mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] }],
  ];
  for (const [name, shape, norm] of cases) {
    it(`${name}: raw pixels in, only the logits out, equal to the app's logits`, async () => {
      const built = buildModel(name, shape, 7, 5);
      const { model: inference, config } = await reload(
        tfjsInferenceModel(built.model, { architecture: name, inputShape: shape, numClasses: 7, normalisation: norm }),
      );
      expect(config.input_layers).toEqual([['image', 0, 0]]);
      expect(config.output_layers).toEqual([['logits', 0, 0]]);
      expect(inference.outputs).toHaveLength(1);
      expect(inference.layers[1]!.name).toBe('normalise');
      const n = 4;
      const size = shape[0] * shape[1] * shape[2];
      const pixels = Uint8Array.from({ length: n * size }, (_, i) => (i * 37 + 11) % 256);
      const { x, y } = makeBatch({ images: pixels, labels: new Uint8Array(n), count: n, shape }, [0, 1, 2, 3], norm);
      const outs = built.model.predict(x) as tf.Tensor[];
      const raw = tf.tensor4d(Float32Array.from(pixels), [n, ...shape]);
      const got = inference.predict(raw) as tf.Tensor;
      expect(got.shape).toEqual([n, 7]);
      const a = outs[0]!.dataSync() as Float32Array;
      const b = got.dataSync() as Float32Array;
      const maxDiff = a.reduce((m: number, v: number, i: number) => Math.max(m, Math.abs(v - b[i]!)), 0);
      expect(maxDiff).toBeLessThanOrEqual(1e-5);
      tf.dispose([x, y, raw, got, ...outs]);
      inference.dispose();
      built.model.dispose();
    });
  }
});
