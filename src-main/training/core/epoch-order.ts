// Which training samples an epoch visits, and in what order. With a sample budget
// (maxTrainSamples < dataset size) the subset is drawn once from the seed and every epoch
// reshuffles that same subset, so "train on N samples" means the same N images for the whole run
// (and for a resumed run); without a budget each epoch is a seeded permutation of the whole set.
import { seededPermutation } from '../../../shared/seeded-random';

const SUBSET_SALT = 0x5eed_5b5e;

/** Sample indices of `epoch`, `budget` of them (≤ count), deterministic in (seed, epoch). */
export function epochOrder(count: number, budget: number, seed: number, epoch: number): Uint32Array {
  const epochSeed = (seed * 1_000_003 + epoch) >>> 0;
  if (budget >= count) return seededPermutation(count, epochSeed);
  const subset = seededPermutation(count, (seed ^ SUBSET_SALT) >>> 0).subarray(0, budget);
  const shuffle = seededPermutation(budget, epochSeed);
  const order = new Uint32Array(budget);
  for (let i = 0; i < budget; i++) order[i] = subset[shuffle[i]!]!;
  return order;
}
