// The published numbers a run can be set beside (shared/recipes.ts): a run trained with the paper
// recipe, on a 100-class dataset, with a model of a published pair, gets the pair's reference row
// and which entry of it corresponds to this run (teacher, student alone, KD, AT or NST).
import { CIFAR100_PAPER_RECIPE, followsRecipe, referencePair, type Recipe, type ReferenceResults } from '../../../shared/recipes';
import type { RunConfig } from '../../../shared/schemas/run-config';

export interface PaperReference {
  recipe: Recipe;
  teacher: string;
  student: string;
  reference: ReferenceResults;
  /** The reference entry this run reproduces, or null (another method, or a combination). */
  matches: keyof ReferenceResults | null;
}

export function paperReference(config: RunConfig, numClasses: number | null): PaperReference | null {
  if (numClasses !== 100 || !followsRecipe(config)) return null;
  const found = referencePair(config.model);
  if (!found) return null;
  const methods = config.terms.map((t) => t.method).filter((m) => m !== 'ce');
  const distilled = new Set(methods);
  let matches: keyof ReferenceResults | null = null;
  if (found.role === 'teacher') matches = config.kind === 'teacher' || methods.length === 0 ? 'teacher' : null;
  else if (methods.length === 0) matches = 'student';
  else if (distilled.size === 1) {
    const only = [...distilled][0]!;
    matches = only === 'kd' || only === 'at' || only === 'nst' ? only : null;
  }
  const { pair } = found;
  return { recipe: CIFAR100_PAPER_RECIPE, teacher: pair.teacher, student: pair.student, reference: pair.reference, matches };
}
