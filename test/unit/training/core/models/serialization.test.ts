// Checkpoints and imported teachers go through tf.LayersModel save/load: every zoo architecture
// uses only built-in layers, so a saved model loads back without custom classes and computes the
// same outputs. Tiny 8×8 inputs keep this cheap.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { buildModel } from '../../../../../src-main/training/core/models/registry';
import { useTestBackend } from './helpers';

useTestBackend();

it.each(['resnet8', 'wrn-16-1', 'vgg8', 'cnn'])('%s round-trips through save/load', async (name) => {
  const built = buildModel(name, [8, 8, 3], 10, 9);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await built.model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 5);
  const a = built.model.predict(x) as tf.Tensor[];
  const b = loaded.predict(x) as tf.Tensor[];
  expect(b.length).toBe(built.taps.length);
  a.forEach((t, i) => expect(Array.from(b[i]!.dataSync())).toEqual(Array.from(t.dataSync())));
  tf.dispose([x, ...a, ...b]);
  built.model.dispose();
  loaded.dispose();
});
