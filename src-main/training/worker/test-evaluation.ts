// Scoring on the test split, once training is over. Validation picks, test reports: the final
// model is scored (test/loss, test/acc, test/top5), and so is the model of the epoch that was
// best on validation (best/test_acc), whose weights the loop handed over when that epoch ended
// (kept in `best/weights.bin`, so a resumed run still has them). Both are stored; the user picks
// which to report. The whole test split is scored: maxValSamples limits validation only.
import type * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC } from '../../../shared/metric-keys';
import type { SampleSource, Normalisation } from '../core/batches';
import { evaluate } from '../core/evaluate';
import type { TrainingState } from '../core/training-state';
import { loadTensors, saveTensors } from './tensor-files';

const bestFile = (runDir: string) => join(runDir, 'best', 'weights.bin');

/** Keeps the weights of the best epoch so far; written aside and renamed, so a crash never leaves half a file. */
export function saveBestWeights(runDir: string, model: tf.LayersModel): void {
  mkdirSync(join(runDir, 'best'), { recursive: true });
  const file = bestFile(runDir);
  const weights = model.getWeights();
  saveTensors(`${file}.tmp`, weights);
  renameSync(`${file}.tmp`, file);
}

export interface TestScoring {
  model: tf.LayersModel;
  runDir: string;
  test: SampleSource;
  norm: Normalisation;
  numClasses: number;
  /** The last epoch of the run (the final model's). */
  finalEpoch: number;
  best: TrainingState['best'];
  log(message: string): void;
}

/**
 * test/* of the final model and best/* of the best-on-validation one. Leaves the best weights
 * loaded in `model` when it had to swap them in: call it after the final model is saved.
 */
export async function scoreTestSplit(s: TestScoring): Promise<Record<string, number>> {
  s.log(`scoring the final model on the test split (${s.test.count} images)`);
  const final = await evaluate(s.model, s.test, s.norm, s.numClasses);
  const out: Record<string, number> = { [METRIC.testLoss]: final.loss, [METRIC.testAcc]: final.acc };
  if (final.top5 !== null) out[METRIC.testTop5] = final.top5;
  if (!s.best) return out;
  out[METRIC.bestEpoch] = s.best.epoch;
  out[METRIC.bestValAcc] = s.best.valAcc;
  if (s.best.epoch === s.finalEpoch) {
    out[METRIC.bestTestAcc] = final.acc;
    return out;
  }
  const file = bestFile(s.runDir);
  if (!existsSync(file)) {
    s.log(`the weights of epoch ${s.best.epoch} (best on validation) are missing; best/test_acc is left out`);
    return out;
  }
  s.log(`scoring epoch ${s.best.epoch}'s model (best on validation) on the test split`);
  const weights = loadTensors(file);
  try {
    s.model.setWeights(weights);
  } finally {
    for (const w of weights) w.dispose();
  }
  out[METRIC.bestTestAcc] = (await evaluate(s.model, s.test, s.norm, s.numClasses)).acc;
  return out;
}
