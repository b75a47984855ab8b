// The tap names of an imported TF.js teacher, read from its files without loading tfjs (the main
// process never does): taps.json next to model.json when Distill Studio wrote the model, else
// 'logits' plus the names of any further outputs in model.json, as the worker names them when it
// loads the teacher (training/worker/teacher-loader.ts). Shapes are not known here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type OutputLayers = [string, number, number][];

interface ModelJson {
  modelTopology?: { config?: { output_layers?: OutputLayers }; model_config?: { config?: { output_layers?: OutputLayers } } };
}

/** Tap names of the teacher at `modelJson`, or null when its files do not say. */
export function importedTeacherTaps(modelJson: string): string[] | null {
  try {
    const saved = join(dirname(modelJson), 'taps.json');
    if (existsSync(saved)) {
      const outputs = (JSON.parse(readFileSync(saved, 'utf8')) as { outputs?: unknown }).outputs;
      return Array.isArray(outputs) && outputs.every((o) => typeof o === 'string') ? outputs : null;
    }
    const topology = (JSON.parse(readFileSync(modelJson, 'utf8')) as ModelJson).modelTopology;
    const outputs = topology?.config?.output_layers ?? topology?.model_config?.config?.output_layers;
    // a Sequential model has no output_layers: one output, the logits
    if (!outputs) return topology ? ['logits'] : null;
    return ['logits', ...outputs.slice(1).map((o) => o[0])];
  } catch {
    return null;
  }
}
