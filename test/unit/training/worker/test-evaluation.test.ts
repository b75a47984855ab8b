// Test-split scoring after training (training/worker/test-evaluation.ts): the final model gives
// test/*, the epoch best on validation gives best/*, read back from the weights kept when that
// epoch ended; each value equals a direct evaluation of the matching weights.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../../shared/metric-keys';
import { mulberry32 } from '../../../../shared/seeded-random';
import { evaluate } from '../../../../src-main/training/core/evaluate';
import { buildModel } from '../../../../src-main/training/core/models/registry';
import { saveBestWeights, scoreTestSplit } from '../../../../src-main/training/worker/test-evaluation';
import { useTempDirs } from '../../../helpers/temp-dir';

const tempDir = useTempDirs('distill-test-eval-');
const norm = { mean: [0.5], std: [0.25] };

function source(count: number, seed: number) {
  const rand = mulberry32(seed);
  const images = Uint8Array.from({ length: count * 8 * 8 }, () => Math.floor(rand() * 256));
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  return { images, labels, count, shape: [8, 8, 1] as [number, number, number] };
}

describe('scoreTestSplit', () => {
  it('scores the final weights as test/* and the kept best epoch as best/*', async () => {
    const runDir = tempDir();
    const test = source(60, 1);
    const model = buildModel('cnn-tiny', [8, 8, 1], 3, 11).model;
    const bestWeights = model.getWeights().map((w) => w.clone());
    saveBestWeights(runDir, model); // epoch 2 was the best on validation…
    const expectedBest = await evaluate(model, test, norm, 3);
    model.setWeights(buildModel('cnn-tiny', [8, 8, 1], 3, 12).model.getWeights()); // …epoch 4 is final
    const expectedFinal = await evaluate(model, test, norm, 3);
    const logs: string[] = [];

    const scores = await scoreTestSplit({ model, runDir, test, norm, numClasses: 3, finalEpoch: 4, best: { epoch: 2, valAcc: 0.7 }, log: (m) => logs.push(m) });
    expect(scores).toEqual({
      [METRIC.testLoss]: expectedFinal.loss,
      [METRIC.testAcc]: expectedFinal.acc,
      [METRIC.bestEpoch]: 2,
      [METRIC.bestValAcc]: 0.7,
      [METRIC.bestTestAcc]: expectedBest.acc,
    });
    expect(expectedBest.acc).not.toBe(expectedFinal.acc); // two different models, so the test can tell them apart
    // the best weights are loaded in the model afterwards, exactly
    model.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(bestWeights[i]!.dataSync())));
    expect(logs).toEqual(['scoring the final model on the test split (60 images)', "scoring epoch 2's model (best on validation) on the test split"]);
    tf.dispose(bestWeights);
  });

  it('reuses the final score when the last epoch is the best, and says when kept weights are missing', async () => {
    const test = source(30, 2);
    const model = buildModel('cnn-tiny', [8, 8, 1], 3, 13).model;
    const base = { model, test, norm, numClasses: 3, finalEpoch: 3, log: () => {} };
    const last = await scoreTestSplit({ ...base, runDir: tempDir(), best: { epoch: 3, valAcc: 0.5 } });
    expect(last[METRIC.bestTestAcc]).toBe(last[METRIC.testAcc]);
    const logs: string[] = [];
    const missing = await scoreTestSplit({ ...base, runDir: tempDir(), best: { epoch: 1, valAcc: 0.5 }, log: (m) => logs.push(m) });
    expect(missing[METRIC.bestTestAcc]).toBeUndefined();
    expect(logs.at(-1)).toBe('the weights of epoch 1 (best on validation) are missing; best/test_acc is left out');
    const none = await scoreTestSplit({ ...base, runDir: tempDir(), best: undefined });
    expect(Object.keys(none).sort()).toEqual([METRIC.testAcc, METRIC.testLoss]);
  });
});
