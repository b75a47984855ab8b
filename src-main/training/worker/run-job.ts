// One training job inside a worker: read the dataset, load the teacher, restore the last
// checkpoint when resuming, run the loop, and write checkpoints, the final model and the report;
// with a test split, score the final and the best-on-validation model on it (test-evaluation.ts).
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMeta, readSplit } from '../../datasets/shard-store';
import type { MetricPoint } from '../../../shared/types';
import { trainLoop } from '../core/train-loop';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-files';
import { saveModelFolder } from './model-files';
import type { SupervisorMessage, WorkerMessage } from './protocol';
import { loadTeacher } from './teacher-loader';
import { saveBestWeights, scoreTestSplit } from './test-evaluation';

type StartMessage = Extract<SupervisorMessage, { type: 'start' }>;

/** Buffers per-step metric points and sends them at most every 500 ms. */
function metricBatcher(send: (m: WorkerMessage) => void) {
  let buffer: MetricPoint[] = [];
  let last = 0;
  return {
    add(points: MetricPoint[]) {
      buffer.push(...points);
      if (Date.now() - last > 500) this.flush();
    },
    flush() {
      if (buffer.length) send({ type: 'metrics', points: buffer });
      buffer = [];
      last = Date.now();
    },
  };
}

export async function runJob(msg: StartMessage, send: (m: WorkerMessage) => void, shouldStop: () => boolean): Promise<void> {
  const meta = readMeta(msg.dataset.dir);
  if (meta.fingerprint !== msg.dataset.fingerprint) {
    throw new Error(`dataset ${meta.name} changed on disk since it was imported (fingerprint mismatch)`);
  }
  const train = { ...readSplit(msg.dataset.dir, meta, 'train'), shape: meta.shape };
  const val = meta.splits.val ? { ...readSplit(msg.dataset.dir, meta, 'val'), shape: meta.shape } : null;
  mkdirSync(msg.runDir, { recursive: true });
  const teacher = msg.teacherRunDir || msg.teacherModelPath ? await loadTeacher({ runDir: msg.teacherRunDir, modelPath: msg.teacherModelPath }) : null;
  const teacherClasses = teacher?.model.outputs[0]?.shape.at(-1);
  if (teacher && teacherClasses !== meta.numClasses) {
    throw new Error(`the teacher predicts ${teacherClasses} classes but dataset ${meta.name} has ${meta.numClasses}`);
  }
  if (teacher)
    send({
      type: 'log',
      level: 'info',
      message: `teacher loaded: ${teacher.model.countParams()} parameters, taps ${teacher.taps.join(', ')} (frozen, inference mode)`,
    });
  const resume = msg.resume ? loadCheckpoint(msg.runDir) : null;
  const metrics = metricBatcher(send);
  let lastProgress = 0;

  const outcome = await trainLoop({
    config: msg.config,
    train,
    val,
    numClasses: meta.numClasses,
    norm: { mean: meta.mean, std: meta.std },
    teacher,
    resume,
    callbacks: {
      onProgress: (p) => {
        if (Date.now() - lastProgress > 250 || p.step === p.totalSteps) {
          lastProgress = Date.now();
          send({ type: 'progress', ...p });
        }
      },
      onMetrics: (points) => metrics.add(points),
      onEpoch: (epoch, m, seconds) => {
        metrics.flush();
        send({ type: 'epoch', epoch, metrics: m, seconds });
      },
      // the best epoch's weights matter only for scoring on a test split
      onBest: meta.splits.test ? async (student) => saveBestWeights(msg.runDir, student.model) : undefined,
      onCheckpoint: async (payload) => {
        const bytes = saveCheckpoint(msg.runDir, payload);
        send({ type: 'checkpoint', epoch: payload.state.epoch, path: join(msg.runDir, 'checkpoint'), bytes });
      },
      shouldStop,
      log: (level, message) => send({ type: 'log', level, message }),
    },
  });
  if (resume) tf.dispose([...resume.modelWeights, ...resume.optimizerState, ...Object.values(resume.adapterWeights).flat()]);
  metrics.flush();

  if (outcome.status === 'diverged') {
    send({ type: 'failed', status: 'diverged', message: outcome.message });
  } else if (outcome.status === 'cancelled') {
    send({ type: 'done', status: 'cancelled', finalMetrics: outcome.finalMetrics, artifacts: [] });
  } else {
    const modelDir = join(msg.runDir, 'model');
    const modelBytes = await saveModelFolder(outcome.student.model, modelDir, outcome.student.taps);
    const artifacts: { kind: 'model' | 'report'; path: string; bytes: number }[] = [{ kind: 'model', path: modelDir, bytes: modelBytes }];
    if (outcome.report) {
      const reportFile = join(msg.runDir, 'report.json');
      writeFileSync(reportFile, JSON.stringify(outcome.report, null, 2));
      artifacts.push({ kind: 'report', path: reportFile, bytes: statSync(reportFile).size });
    }
    send({ type: 'log', level: 'info', message: `saved final model (${modelBytes} bytes of weights)` });
    const finalMetrics = { ...outcome.finalMetrics };
    if (meta.splits.test) {
      const test = { ...readSplit(msg.dataset.dir, meta, 'test'), shape: meta.shape };
      const scores = await scoreTestSplit({
        model: outcome.student.model,
        runDir: msg.runDir,
        test,
        norm: { mean: meta.mean, std: meta.std },
        numClasses: meta.numClasses,
        finalEpoch: msg.config.epochs,
        best: outcome.best,
        log: (message) => send({ type: 'log', level: 'info', message }),
      });
      const step = Math.ceil(Math.min(train.count, msg.config.maxTrainSamples ?? train.count) / msg.config.batchSize) * msg.config.epochs;
      send({ type: 'metrics', points: Object.entries(scores).map(([key, value]) => ({ key, step, epoch: msg.config.epochs, value })) });
      Object.assign(finalMetrics, scores);
    }
    send({ type: 'done', status: 'completed', finalMetrics, artifacts });
  }
  outcome.student.model.dispose();
  teacher?.model.dispose();
}
