// Checkpoints on disk: runs/<id>/checkpoint/ holds state.json, model weights (including
// BatchNorm statistics), hint-adapter weights and optimizer state. Written to a temp folder and
// swapped in by renames (the previous one is moved to checkpoint.old first and removed last), so a
// kill at any moment leaves a complete checkpoint: the new one, or the previous one in .old.
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointPayload, ResumePoint, TrainingState } from '../core/training-state';
import { loadTensors, saveTensors } from './tensor-files';

interface StateFile {
  formatVersion: 1;
  state: TrainingState;
  adapters: { name: string; count: number }[];
  savedAt: string;
}

export const checkpointDir = (runDir: string) => join(runDir, 'checkpoint');
const previousDir = (runDir: string) => join(runDir, 'checkpoint.old');

/** The folder holding the newest complete checkpoint, or null. Mirrored by training/host/checkpoint-probe.ts. */
function completeCheckpoint(runDir: string): string | null {
  for (const dir of [checkpointDir(runDir), previousDir(runDir)]) if (existsSync(join(dir, 'state.json'))) return dir;
  return null;
}

export function saveCheckpoint(runDir: string, payload: CheckpointPayload): number {
  const dir = checkpointDir(runDir);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const modelWeights = payload.student.model.getWeights();
  let bytes = saveTensors(join(tmp, 'model.bin'), modelWeights);
  const adapterList = [...(payload.adapters?.models ?? new Map()).entries()].map(([name, m]) => ({ name, weights: m.getWeights() }));
  bytes += saveTensors(
    join(tmp, 'adapters.bin'),
    adapterList.flatMap((a) => a.weights),
  );
  bytes += saveTensors(join(tmp, 'optimizer.bin'), payload.optimizerState);
  tf.dispose(payload.optimizerState);
  const state: StateFile = {
    formatVersion: 1,
    state: payload.state,
    adapters: adapterList.map((a) => ({ name: a.name, count: a.weights.length })),
    savedAt: new Date().toISOString(),
  };
  writeFileSync(join(tmp, 'state.json'), JSON.stringify(state, null, 2));
  const previous = previousDir(runDir);
  if (existsSync(join(dir, 'state.json'))) {
    rmSync(previous, { recursive: true, force: true });
    renameSync(dir, previous);
  } else {
    rmSync(dir, { recursive: true, force: true }); // an incomplete folder; `previous` may be the last good one
  }
  renameSync(tmp, dir);
  rmSync(previous, { recursive: true, force: true });
  return bytes;
}

/** The last checkpoint of a run, or null when it has none (start from scratch). */
export function loadCheckpoint(runDir: string): ResumePoint | null {
  const dir = completeCheckpoint(runDir);
  if (!dir) return null;
  const file = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StateFile;
  if (file.formatVersion !== 1) throw new Error(`checkpoint of this run has an unknown format (${file.formatVersion})`);
  const adapterTensors = loadTensors(join(dir, 'adapters.bin'));
  const adapterWeights: Record<string, tf.Tensor[]> = {};
  let k = 0;
  for (const a of file.adapters) {
    adapterWeights[a.name] = adapterTensors.slice(k, k + a.count);
    k += a.count;
  }
  return {
    state: file.state,
    modelWeights: loadTensors(join(dir, 'model.bin')),
    adapterWeights,
    optimizerState: loadTensors(join(dir, 'optimizer.bin')),
  };
}
