// Model zoo registry, worker side: builds tfjs LayersModels from the catalog's architecture specs
// (outputs = [logits, ...named taps], weights fixed by the seed). Listing and describing models
// lives in catalog.ts, which does not load tfjs.
import { getModelSpec, MODEL_CATALOG } from './catalog';
import { buildLayersModel, type BuiltModel } from './tfjs-ops';
// Registers ReLU's one-kernel gradient for every model built here (values unchanged: relu-grad.ts).
import './relu-grad';

export type { BuiltModel } from './tfjs-ops';

export { describeModel, getModelSpec, listModels, MODEL_CATALOG } from './catalog';
export const MODEL_REGISTRY = MODEL_CATALOG;

export function buildModel(name: string, inputShape: [number, number, number], numClasses: number, seed: number): BuiltModel {
  const spec = getModelSpec(name);
  return buildLayersModel(spec.name, spec.define, inputShape, numClasses, seed);
}

/** All weights of the built model, BN moving statistics included (see describeModel for trainable). */
export function countParams(built: BuiltModel): number {
  return built.model.countParams();
}

/** Trainable parameters of a built model: comparable to PyTorch's sum of p.numel() over parameters(). */
export function countTrainableParams(built: BuiltModel): number {
  return built.model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
}
