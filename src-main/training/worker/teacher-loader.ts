// Loads the frozen teacher of a distill run: the final model of a completed teacher run (with
// its named taps), or an imported TF.js layers model (logits only unless it has several outputs).
import { dirname, join } from 'node:path';
import type { TapModel } from '../core/train-step';
import { loadModelFolder, readTaps } from './model-files';

export async function loadTeacher(source: { runDir?: string; modelPath?: string }): Promise<TapModel> {
  if (source.runDir) {
    const dir = join(source.runDir, 'model');
    const model = await loadModelFolder(dir);
    const taps = readTaps(dir) ?? ['logits'];
    return { model, taps };
  }
  if (source.modelPath) {
    const model = await loadModelFolder(source.modelPath);
    const saved = readTaps(dirname(source.modelPath));
    const taps = saved ?? ['logits', ...model.outputs.slice(1).map((o, i) => o.name.split('/')[0] ?? `output${i + 1}`)];
    return { model, taps };
  }
  throw new Error('distill run without a teacher source');
}
