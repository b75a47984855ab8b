// The per-step arithmetic estimate of shared/term-cost.ts against multiply-adds counted at the
// tfjs cpu kernels (bench/step-macs.ts) while real training steps run, built as the distillation
// benchmark builds them (bench/distill.ts): the teacher's outputs precomputed, so a step costs
// the student side only. Per pair and preset:
//   counted extra per image = (MACs(method step) − MACs(CE step)) / batch   vs  estimate, ±2 %
//   counted CE step per image = MACs(CE step) / batch                      vs  stepMacs (≈ 3 × flops), ±5 %
// Batch 1 keeps the pure-JS steps short; the counts scale linearly with the batch.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countMacs } from '../../../bench/step-macs';
import { presetTerms, type PresetName } from '../../../shared/presets';
import type { Term } from '../../../shared/schemas/run-config';
import { estimateTermCost, polyFormOf, type TermCost } from '../../../shared/term-cost';
import { registerFastCpuKernels, restoreStockCpuKernels } from '../../../src-main/backends/cpu';
import { buildHintAdapters } from '../../../src-main/training/core/hint-adapters';
import { choosePolyForm } from '../../../src-main/training/core/losses/nst';
import { buildModel, describeModel } from '../../../src-main/training/core/models/registry';
import { computeObjective } from '../../../src-main/training/core/objective';
import { createOptimizer } from '../../../src-main/training/core/optimizers';
import { tapShapes } from '../../../src-main/training/core/training-state';
import { trainStep, type StepContext, type TapModel } from '../../../src-main/training/core/train-step';
import { useTestBackend } from '../training/core/losses/helpers';

useTestBackend();
beforeAll(() => {
  registerFastCpuKernels(); // as in the benchmark; counting is per kernel call either way
});
afterAll(() => restoreStockCpuKernels());

const BATCH = 1;
const PRESETS: PresetName[] = ['nst-poly', 'nst-gaussian', 'nst-linear', 'fitnet', 'kd', 'at'];

interface PairCase {
  teacher: string;
  student: string;
  shape: [number, number, number];
  classes: number;
}

const PAIRS: PairCase[] = [
  { teacher: 'resnet8', student: 'cnn', shape: [28, 28, 1], classes: 10 },
  { teacher: 'cnn-wide', student: 'cnn-tiny', shape: [28, 28, 1], classes: 10 },
  { teacher: 'resnet32x4', student: 'resnet8x4', shape: [32, 32, 3], classes: 100 },
];

/** A teacher whose predict() hands back clones of outputs computed once (bench/distill.ts). */
function cachedTeacher(teacher: TapModel, outputs: tf.Tensor[]): TapModel {
  const model = { predict: () => outputs.map((t) => t.clone()) } as unknown as tf.LayersModel;
  return { model, taps: teacher.taps };
}

interface Counted {
  /** MACs per image of the CE step. */
  ce: number;
  /** MACs per image of each preset's step beyond the CE step. */
  extra: Map<PresetName, number>;
  estimate: (terms: Term[]) => TermCost;
  terms: (preset: PresetName) => Term[];
}

/** Counts one training step of CE and of every preset on one pair. */
function countPair(pair: PairCase): Counted {
  const teacher = buildModel(pair.teacher, pair.shape, pair.classes, 1);
  const student = buildModel(pair.student, pair.shape, pair.classes, 2);
  const x = tf.randomNormal([BATCH, ...pair.shape], 0, 1, 'float32', 3) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: BATCH }, (_, i) => i % pair.classes),
    'int32',
  );
  const teacherOutputs = teacher.model.predict(x) as tf.Tensor[];
  const frozen = cachedTeacher(teacher, teacherOutputs);
  const termsOf = (preset: PresetName) => presetTerms(preset, teacher.taps, student.taps);
  const stepMacs = (terms: Term[], withTeacher: boolean) => {
    const adapters = buildHintAdapters(terms, tapShapes(student), tapShapes(teacher), 1);
    const variables = [...student.model.trainableWeights.map((w) => w.read() as tf.Variable), ...(adapters?.trainableVariables() ?? [])];
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: false, weightDecay: 5e-4 }, variables);
    const ctx: StepContext = { student, teacher: withTeacher ? frozen : null, adapters, terms, variables, optimizer };
    const macs = countMacs(() => trainStep(ctx, x, y, 0.01));
    adapters?.dispose();
    optimizer.dispose();
    return macs / BATCH;
  };
  const ce = stepMacs([{ method: 'ce', weight: 1 }], false);
  const extra = new Map(PRESETS.map((p) => [p, stepMacs(termsOf(p), true) - ce]));
  tf.dispose([x, y, ...teacherOutputs]);
  teacher.model.dispose();
  student.model.dispose();
  const tInfo = describeModel(pair.teacher, pair.shape, pair.classes);
  const sInfo = describeModel(pair.student, pair.shape, pair.classes);
  const estimate = (terms: Term[]) =>
    estimateTermCost({ studentFlops: sInfo.flops, studentStepMacs: sInfo.stepMacs, teacherTaps: tInfo.taps, studentTaps: sInfo.taps, terms });
  return { ce, extra, estimate, terms: termsOf };
}

/** |estimate − counted| ≤ tol·counted; both exactly 0 for element-wise-only terms. */
function expectWithin(estimate: number, counted: number, tol: number, what: string): void {
  const ok = counted === 0 ? estimate === 0 : Math.abs(estimate - counted) <= tol * counted;
  expect(ok, `${what}: estimated ${estimate}, counted ${counted} (${((estimate / counted - 1) * 100).toFixed(2)} %)`).toBe(true);
}

for (const pair of PAIRS) {
  describe(`${pair.teacher} → ${pair.student} on ${pair.shape.join('×')}`, () => {
    let counted: Counted;
    beforeAll(() => {
      counted = countPair(pair);
    }, 120_000);

    it('a CE step is the forward and both gradients, less the image’s own (within 5 %)', () => {
      expectWithin(counted.estimate([{ method: 'ce', weight: 1 }]).ceStepMacs, counted.ce, 0.05, 'CE step');
    });

    for (const preset of PRESETS) {
      it(`${preset}: extra MACs per image within 2 % of the counted ones`, () => {
        expectWithin(counted.estimate(counted.terms(preset)).extraMacs, counted.extra.get(preset)!, 0.02, preset);
      });
    }
  });
}

describe('shares of a plain student step (counted at batch 64 by the benchmark)', () => {
  const share = (teacher: string, student: string, preset: PresetName) => {
    const t = describeModel(teacher, [28, 28, 1], 10);
    const s = describeModel(student, [28, 28, 1], 10);
    const terms = presetTerms(
      preset,
      t.taps.map((x) => x.name),
      s.taps.map((x) => x.name),
    );
    return estimateTermCost({ studentFlops: s.flops, teacherTaps: t.taps, studentTaps: s.taps, terms }).share;
  };

  it.each([
    ['resnet8', 'cnn', 'nst-poly', 0.324],
    ['resnet8', 'cnn', 'fitnet', 0.195],
    ['resnet8', 'cnn', 'nst-linear', 0.008],
    ['cnn-wide', 'cnn-tiny', 'nst-poly', 3.87],
    ['cnn-wide', 'cnn-tiny', 'fitnet', 1.13],
  ] as const)('%s → %s %s ≈ %f', (teacher, student, preset, expected) => {
    expect(Math.abs(share(teacher, student, preset) - expected)).toBeLessThanOrEqual(0.02 * expected + 0.001);
  });
});

describe('term formulas on bare feature maps', () => {
  it('copies the engine’s poly form rule', () => {
    for (const [cT, cS, hw] of [
      [64, 32, 196],
      [8, 4, 196],
      [256, 256, 64],
      [16, 16, 16],
      [4, 4, 6],
    ] as const) {
      for (const degree of [1, 2, 3]) expect(polyFormOf(cT, cS, hw, degree)).toBe(choosePolyForm(cT, cS, hw, degree));
    }
  });

  /** Counted MACs per image of the objective's forward and student-side gradient on maps s, t. */
  function objectiveMacs(terms: Term[], s: [number, number, number], t: [number, number, number]): number {
    const b = 2;
    const feature = tf.variable(tf.randomNormal([b, ...s], 0, 1, 'float32', 5));
    const teacher = tf.randomNormal([b, ...t], 0, 1, 'float32', 6);
    const adapters = buildHintAdapters(terms, new Map([['s', s]]), new Map([['t', t]]), 1);
    const macs = countMacs(() => {
      const { value, grads } = tf.variableGrads(
        () => computeObjective(terms, new Map([['s', feature]]), new Map([['t', teacher]]), tf.zeros([b], 'int32'), adapters, true).total,
        [feature, ...(adapters?.trainableVariables() ?? [])],
      );
      tf.dispose([value, ...Object.values(grads)]);
    });
    tf.dispose([feature, teacher]);
    adapters?.dispose();
    return macs / b;
  }
  const estimate = (terms: Term[], s: [number, number, number], t: [number, number, number]) =>
    estimateTermCost({ studentFlops: 1, studentTaps: [{ name: 's', shape: s }], teacherTaps: [{ name: 't', shape: t }], terms }).extraMacs;

  it.each([
    ['nst poly, HW×HW form (4×4: 16² < 8² + 12² + 8·12)', { method: 'nst', options: { kernel: 'poly' } }, [4, 4, 8], [4, 4, 12]],
    ['nst poly d = 3 on the same maps (C×C form)', { method: 'nst', options: { kernel: 'poly', degree: 3 } }, [4, 4, 8], [4, 4, 12]],
    ['nst gaussian (C×C form)', { method: 'nst', options: { kernel: 'gaussian' } }, [4, 4, 8], [4, 4, 12]],
    ['nst linear, bilinear resize 12×12 → 8×8', { method: 'nst', options: { kernel: 'linear' } }, [12, 12, 4], [8, 8, 6]],
    ['at, teacher resized 9×9 → 6×6', { method: 'at', options: { p: 2 } }, [6, 6, 4], [9, 9, 6]],
    ['hint, 3×3 stride 2 adapter', { method: 'hint' }, [8, 8, 4], [4, 4, 6]],
    ['hint, upsampling then 1×1', { method: 'hint' }, [4, 4, 4], [8, 8, 6]],
  ] as const)('%s', (_, term, s, t) => {
    const terms = [{ weight: 1, teacherTap: 't', studentTap: 's', ...term } as Term];
    expect(estimate(terms, [...s], [...t])).toBe(objectiveMacs(terms, [...s], [...t]));
  });
});
