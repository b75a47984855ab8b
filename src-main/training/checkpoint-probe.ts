// Does a run have a checkpoint to resume from? Host-side check of the files the worker writes
// (worker/checkpoint-files.ts: checkpoint/, or checkpoint.old/ when a kill hit the swap); it reads
// no tensors, so the main process never loads TF.js.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function hasCheckpoint(runDir: string): boolean {
  return ['checkpoint', 'checkpoint.old'].some((d) => existsSync(join(runDir, d, 'state.json')));
}
