// A training run's per-step training loss, from trainLoop (training/core/train-loop.ts) with
// callbacks that only collect: for tests that compare two runs' loss curves.
import { trainLoop, type LoopCallbacks } from '../../src-main/training/core/train-loop';
import type { RunConfig } from '../../shared/schemas/run-config';
import type { SampleSource, Normalisation } from '../../src-main/training/core/batches';
import type { MetricPoint } from '../../shared/types';

export async function lossCurve(input: { config: RunConfig; train: SampleSource; val: SampleSource; numClasses: number; norm: Normalisation }) {
  const points: MetricPoint[] = [];
  const logs: string[] = [];
  const callbacks: LoopCallbacks = {
    onProgress: () => undefined,
    onMetrics: (p) => points.push(...p),
    onEpoch: () => undefined,
    onCheckpoint: async () => undefined,
    shouldStop: () => false,
    log: (_level, message) => logs.push(message),
  };
  const out = await trainLoop({ ...input, callbacks });
  out.student.model.dispose();
  return { losses: points.filter((p) => p.key === 'train/loss').map((p) => p.value), logs };
}
