// Model zoo catalog (docs/methods.md): name → architecture spec, plus analytic
// descriptions (parameters, MACs, tap shapes from meter-ops.ts). Free of tfjs, so the main
// process can list and validate models without loading a tensor library; building lives in
// registry.ts (worker side).
import type { ModelInfo } from '../../../../shared/types';
import { cnnSpec, cnnTinySpec, cnnWideSpec } from './cnn';
import { measureArchitecture } from './meter-ops';
import type { ModelDescription, ModelSpec } from './model-types';
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
  cnnWideSpec,
  cnnTinySpec,
];

export const MODEL_CATALOG: ReadonlyMap<string, ModelSpec> = new Map(specs.map((s) => [s.name, s]));

export function getModelSpec(name: string): ModelSpec {
  const spec = MODEL_CATALOG.get(name);
  if (!spec) {
    throw new Error(`unknown model '${name}'; available: ${[...MODEL_CATALOG.keys()].join(', ')}`);
  }
  return spec;
}

/** Parameters, MACs (`flops`) and tap shapes for one image of `inputShape`, without building. */
export function describeModel(name: string, inputShape: [number, number, number], numClasses: number): ModelDescription {
  return measureArchitecture(getModelSpec(name).define, inputShape, numClasses);
}

/** The zoo as ModelInfo for the given input; a model the input is too small for is left out. */
export function listModels(inputShape: [number, number, number], numClasses: number): ModelInfo[] {
  const out: ModelInfo[] = [];
  for (const spec of MODEL_CATALOG.values()) {
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
      stepMacs: d.stepMacs,
      tapShapes: d.taps,
    });
  }
  return out;
}
