// A kill while a checkpoint is being replaced must not cost the run its checkpoint: recovery
// marks the run resumable (training/host/checkpoint-probe.ts) and resume loads the last complete one.
// The crash moments are reproduced by leaving the folders exactly as a kill would.
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCheckpoint } from '../../src-main/training/host/checkpoint-probe';
import type { CheckpointPayload, TrainingState } from '../../src-main/training/core/training-state';
import { loadCheckpoint, saveCheckpoint } from '../../src-main/training/worker/checkpoint-files';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-ckpt-');

function payload(epoch: number): CheckpointPayload {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], kernelInitializer: 'ones' })] });
  const state = { epoch, stepInEpoch: 0, globalStep: epoch * 10, epochLossSum: 0, epochHits: 0, epochSeen: 0 } as unknown as TrainingState;
  return { state, student: { model } as unknown as CheckpointPayload['student'], adapters: null, optimizerState: [tf.scalar(epoch)] };
}

describe('checkpoint replacement', () => {
  it('keeps a loadable checkpoint at every moment a kill can hit the swap', () => {
    const run = tempDir();
    mkdirSync(run, { recursive: true });
    saveCheckpoint(run, payload(1));
    saveCheckpoint(run, payload(2));
    expect(loadCheckpoint(run)!.state.epoch).toBe(2);
    expect(existsSync(join(run, 'checkpoint.old'))).toBe(false); // cleaned after a complete swap

    // Killed after the previous checkpoint was moved aside, before the new one was renamed in.
    renameSync(join(run, 'checkpoint'), join(run, 'checkpoint.old'));
    mkdirSync(join(run, `checkpoint.tmp-${process.pid + 1}`));
    expect(hasCheckpoint(run)).toBe(true);
    expect(loadCheckpoint(run)!.state.epoch).toBe(2);

    // The next save after such a crash completes the swap and cleans up.
    saveCheckpoint(run, payload(3));
    expect(loadCheckpoint(run)!.state.epoch).toBe(3);
    expect(existsSync(join(run, 'checkpoint.old'))).toBe(false);

    rmSync(join(run, 'checkpoint'), { recursive: true });
    expect(hasCheckpoint(run)).toBe(false);
    expect(loadCheckpoint(run)).toBeNull();
  });
});
