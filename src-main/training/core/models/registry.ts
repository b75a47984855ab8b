// Model zoo registry: name → builder. Unknown names get an error listing what exists.
import type { BuiltModel, ModelSpec } from './model-types';
import { buildCnn } from './cnn';

const specs: ModelSpec[] = [
  { name: 'cnn', description: 'Small CNN (2 conv blocks, 16/32 channels) for MNIST-sized data', build: buildCnn },
];

export const MODEL_REGISTRY: ReadonlyMap<string, ModelSpec> = new Map(specs.map((s) => [s.name, s]));

export function getModelSpec(name: string): ModelSpec {
  const spec = MODEL_REGISTRY.get(name);
  if (!spec) {
    throw new Error(`unknown model '${name}'; available: ${[...MODEL_REGISTRY.keys()].join(', ')}`);
  }
  return spec;
}

export function buildModel(
  name: string,
  inputShape: [number, number, number],
  numClasses: number,
  seed: number,
): BuiltModel {
  return getModelSpec(name).build(inputShape, numClasses, seed);
}

export function countParams(built: BuiltModel): number {
  return built.model.countParams();
}
