// Published training recipes with their reference results, so a user can reproduce a paper's
// numbers and see them beside their own. The CIFAR-100 recipe of CRD / RepDistiller (Tian,
// Krishnan & Isola 2020, "Contrastive Representation Distillation", Table 1): 240 epochs of SGD,
// lr 0.05, momentum 0.9, ×0.1 at epochs 150, 180 and 210, weight decay 5e-4, batch 64, random
// crop (4-pixel padding) and horizontal flip; method weights as in shared/methods/ (KD 0.9 with
// CE 0.1 and T = 4, AT 1000, NST 50). Meant for a GPU: on CPU one resnet32x4 epoch takes hours.

export interface RecipeTraining {
  epochs: number;
  batchSize: number;
  optimizer: { name: 'sgd'; learningRate: number; momentum: number; nesterov: boolean; weightDecay: number };
  schedule: 'step';
  augment: { randomCrop: boolean; horizontalFlip: boolean };
}

/** Top-1 % on the CIFAR-100 test set as published, per method (student = trained alone). */
export interface ReferenceResults {
  teacher: number;
  student: number;
  kd: number;
  at: number;
  nst: number;
}

export interface RecipePair {
  teacher: string;
  student: string;
  reference: ReferenceResults;
}

export interface Recipe {
  name: string;
  label: string;
  summary: string;
  source: string;
  dataset: string;
  training: RecipeTraining;
  pairs: readonly RecipePair[];
}

export const CIFAR100_PAPER_RECIPE: Recipe = {
  name: 'crd-cifar100',
  label: 'CIFAR-100 paper recipe',
  summary: '240 epochs, SGD lr 0.05 momentum 0.9, ×0.1 at 150/180/210, weight decay 5e-4, batch 64, crop + flip (CRD / RepDistiller)',
  source: 'Tian, Krishnan & Isola 2020 (CRD), Table 1, CIFAR-100 top-1 %',
  dataset: 'CIFAR-100',
  training: {
    epochs: 240,
    batchSize: 64,
    optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false, weightDecay: 5e-4 },
    schedule: 'step',
    augment: { randomCrop: true, horizontalFlip: true },
  },
  pairs: [
    { teacher: 'resnet32x4', student: 'resnet8x4', reference: { teacher: 79.42, student: 72.5, kd: 73.33, at: 73.44, nst: 73.3 } },
    { teacher: 'resnet56', student: 'resnet20', reference: { teacher: 72.34, student: 69.06, kd: 70.66, at: 70.55, nst: 69.6 } },
  ],
};

/** The recipe's training settings hold for this config (the budget is not cut down). */
export function followsRecipe(
  config: {
    epochs: number;
    batchSize: number;
    schedule: string;
    optimizer: { name: string; learningRate: number; weightDecay: number };
    maxTrainSamples?: number;
  },
  r: Recipe = CIFAR100_PAPER_RECIPE,
): boolean {
  const t = r.training;
  return (
    config.epochs === t.epochs &&
    config.batchSize === t.batchSize &&
    config.schedule === t.schedule &&
    config.optimizer.name === t.optimizer.name &&
    config.optimizer.learningRate === t.optimizer.learningRate &&
    config.optimizer.weightDecay === t.optimizer.weightDecay &&
    config.maxTrainSamples === undefined
  );
}

/** The published pair a model belongs to, as teacher or student, or null. */
export function referencePair(model: string, r: Recipe = CIFAR100_PAPER_RECIPE): { pair: RecipePair; role: 'teacher' | 'student' } | null {
  for (const pair of r.pairs) {
    if (pair.student === model) return { pair, role: 'student' };
    if (pair.teacher === model) return { pair, role: 'teacher' };
  }
  return null;
}
