// Does a run have a checkpoint to resume from? Host-side check of the files the worker writes
// (worker/checkpoint-files.ts: checkpoint/, or checkpoint.old/ when a kill hit the swap); it reads
// no tensors, so the main process never loads TF.js.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const stateFile = (runDir: string) => ['checkpoint', 'checkpoint.old'].map((d) => join(runDir, d, 'state.json')).find((f) => existsSync(f));

export function hasCheckpoint(runDir: string): boolean {
  return stateFile(runDir) !== undefined;
}

/**
 * The global step a resume continues after: the checkpoint's, 0 without a checkpoint (training
 * starts from scratch), or null when the checkpoint cannot be read (then nothing is assumed).
 */
export function checkpointStep(runDir: string): number | null {
  const file = stateFile(runDir);
  if (!file) return 0;
  try {
    const step = (JSON.parse(readFileSync(file, 'utf8')) as { state?: { globalStep?: unknown } }).state?.globalStep;
    return typeof step === 'number' && Number.isInteger(step) && step >= 0 ? step : null;
  } catch {
    return null;
  }
}
