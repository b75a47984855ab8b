// Writes a tfjs LayersModel as a standard TF.js layers model folder (model.json + weights.bin),
// loadable with tf.loadLayersModel. Written to a temp folder and renamed, so a kill mid-write
// never leaves a torn checkpoint.
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export async function saveModelFolder(model: tf.LayersModel, dir: string, taps?: readonly string[]): Promise<number> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData
        ? Buffer.from(tf.io.concatenateArrayBuffers(Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData]))
        : Buffer.alloc(0);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: `Distill Studio (TensorFlow.js ${tf.version.tfjs})`,
        convertedBy: null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(tmp, 'weights.bin'), weightData);
      writeFileSync(join(tmp, 'model.json'), JSON.stringify(modelJson));
      if (taps) writeFileSync(join(tmp, 'taps.json'), JSON.stringify({ outputs: taps }));
      bytes = weightData.length;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return bytes;
}

/**
 * Loads a TF.js layers model from a folder or a model.json path (weights may be split over
 * several files, as tensorflowjs_converter writes them). Errors name the file and the problem.
 */
export async function loadModelFolder(dirOrModelJson: string): Promise<tf.LayersModel> {
  const modelJson = dirOrModelJson.endsWith('.json') ? dirOrModelJson : join(dirOrModelJson, 'model.json');
  if (!existsSync(modelJson)) throw new Error(`model file not found: ${modelJson}`);
  let json: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    json = JSON.parse(readFileSync(modelJson, 'utf8'));
  } catch {
    throw new Error(`${modelJson}: not a valid model.json (JSON parse error)`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${modelJson}: not a TF.js layers model (needs modelTopology and weightsManifest)`);
  }
  const base = dirname(modelJson);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) =>
    g.paths.map((p) => {
      const file = join(base, p);
      if (!existsSync(file)) throw new Error(`${modelJson}: weights file ${p} is missing`);
      const b = readFileSync(file);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: tf.io.concatenateArrayBuffers(buffers) }));
}

/** Output names saved next to a model by Distill Studio ('logits' + feature taps), if any. */
export function readTaps(dir: string): string[] | null {
  const file = join(dir, 'taps.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { outputs: string[] }).outputs;
}
