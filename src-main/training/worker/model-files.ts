// Writes a tfjs LayersModel as a standard TF.js layers model folder (model.json + weights.bin),
// loadable with tf.loadLayersModel. Written to a temp folder and renamed, so a kill mid-write
// never leaves a torn checkpoint.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function saveModelFolder(model: tf.LayersModel, dir: string): Promise<number> {
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
      bytes = weightData.length;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return bytes;
}

export async function loadModelFolder(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weights = readFileSync(join(dir, 'weights.bin'));
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: buffer }),
  );
}
