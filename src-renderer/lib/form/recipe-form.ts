// A published training recipe (shared/recipes.ts) as New run form fields: the Training section
// takes the recipe's epochs, batch, optimizer, schedule and augmentation, drops any budget cut,
// and keeps the papers' weights (no balancing at the start), so that the recipe reproduces them.
import type { Recipe } from '../../../shared/recipes';
import type { RunFormState } from './run-form-state';

export function recipeToForm(r: Recipe): Partial<RunFormState> {
  const t = r.training;
  return {
    epochs: String(t.epochs),
    batchSize: String(t.batchSize),
    optimizer: t.optimizer.name,
    learningRate: String(t.optimizer.learningRate),
    momentum: String(t.optimizer.momentum),
    nesterov: t.optimizer.nesterov,
    weightDecay: String(t.optimizer.weightDecay),
    schedule: t.schedule,
    randomCrop: t.augment.randomCrop,
    flip: t.augment.horizontalFlip ? 'on' : 'off',
    maxTrainSamples: '',
    maxValSamples: '',
    balanceWeights: false,
  };
}
