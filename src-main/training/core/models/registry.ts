// Model zoo registry (ALGORITHMS.md "Model zoo"): name → spec. Unknown names get an error listing
// what exists. `describeModel`/`listModels` measure architectures analytically (meter-ops.ts),
// so listing the zoo allocates no weights.
import type { ModelInfo } from '../../../../shared/types';
import { cnnSpec } from './cnn';
import { measureArchitecture } from './meter-ops';
import type { BuiltModel, ModelDescription, ModelSpec } from './model-types';
import { resnetSpec } from './resnet';
import { vggSpec } from './vgg';
import { wrnSpec } from './wrn';

const specs: ModelSpec[] = [
  ...[8, 14, 20, 32, 44, 56, 110].map((depth) => resnetSpec(depth, false)),
  resnetSpec(8, true),
  resnetSpec(32, true),
  wrnSpec(16, 1),
  wrnSpec(16, 2),
  wrnSpec(40, 1),
  wrnSpec(40, 2),
  vggSpec('vgg8'),
  vggSpec('vgg13'),
  cnnSpec,
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

/** All weights of the built model, BN moving statistics included (see describeModel for trainable). */
export function countParams(built: BuiltModel): number {
  return built.model.countParams();
}

/** Trainable parameters of a built model: comparable to PyTorch's sum of p.numel() over parameters(). */
export function countTrainableParams(built: BuiltModel): number {
  return built.model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
}

/** Parameters, MACs (`flops`) and tap shapes for one image of `inputShape`, without building. */
export function describeModel(name: string, inputShape: [number, number, number], numClasses: number): ModelDescription {
  return measureArchitecture(getModelSpec(name).define, inputShape, numClasses);
}

/** The zoo as ModelInfo for the given input; a model the input is too small for is left out. */
export function listModels(inputShape: [number, number, number], numClasses: number): ModelInfo[] {
  const out: ModelInfo[] = [];
  for (const spec of MODEL_REGISTRY.values()) {
    let d: ModelDescription;
    try {
      d = describeModel(spec.name, inputShape, numClasses);
    } catch (err) {
      if (err instanceof Error && /input too small/.test(err.message)) continue;
      throw err;
    }
    out.push({
      name: spec.name,
      description: spec.description,
      params: d.params,
      taps: d.taps.map((t) => t.name),
      flops: d.flops,
      tapShapes: d.taps,
    });
  }
  return out;
}
