// Entry of a training worker process (one per run). Loads the best tfjs backend, reads the
// dataset shards, runs the training loop, and reports everything to the supervisor as typed
// messages. Any uncaught error becomes a `failed` message with a readable reason.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readMeta, readSplit } from '../../datasets/shard-store';
import { nodeRequire, packageDir } from '../../package-resolve';
import type { MetricPoint } from '../../../shared/types';
import { trainLoop } from '../core/train-loop';
import { loadBestBackend } from './backend-loader';
import { saveModelFolder } from './model-files';
import { connectToParent } from './parent-channel';
import type { SupervisorMessage, WorkerMessage } from './protocol';

const locatePackage = (name: string): string | null => {
  try {
    return packageDir(name);
  } catch {
    return null;
  }
};
const parent = connectToParent();
const send = (m: WorkerMessage) => parent.send(m);
let stopRequested = false;

let failed = false;
/** Reports the error as data, then exits once the message had time to leave. */
function fail(e: unknown): void {
  if (failed) return;
  failed = true;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  send({ type: 'failed', status: 'failed', message });
  setTimeout(() => process.exit(1), 100);
}

/** Buffers per-step metric points and sends them at most every 500 ms. */
function metricBatcher() {
  let buffer: MetricPoint[] = [];
  let last = 0;
  return {
    add(points: MetricPoint[]) {
      buffer.push(...points);
      const now = Date.now();
      if (now - last > 500) this.flush(now);
    },
    flush(now = Date.now()) {
      if (buffer.length) send({ type: 'metrics', points: buffer });
      buffer = [];
      last = now;
    },
  };
}

async function run(msg: Extract<SupervisorMessage, { type: 'start' }>): Promise<void> {
  const backend = await loadBestBackend((name) => nodeRequire(name), locatePackage);
  send({ type: 'ready', backend });
  const meta = readMeta(msg.dataset.dir);
  if (meta.fingerprint !== msg.dataset.fingerprint) {
    throw new Error(`dataset ${meta.name} changed on disk since it was imported (fingerprint mismatch)`);
  }
  const train = { ...readSplit(msg.dataset.dir, meta, 'train'), shape: meta.shape };
  const val = meta.splits.val ? { ...readSplit(msg.dataset.dir, meta, 'val'), shape: meta.shape } : null;
  mkdirSync(msg.runDir, { recursive: true });
  const metrics = metricBatcher();
  let lastProgress = 0;

  const outcome = await trainLoop({
    config: msg.config,
    train,
    val,
    numClasses: meta.numClasses,
    norm: { mean: meta.mean, std: meta.std },
    callbacks: {
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastProgress > 250 || p.step === p.totalSteps) {
          lastProgress = now;
          send({ type: 'progress', ...p });
        }
      },
      onMetrics: (points) => metrics.add(points),
      onEpoch: (epoch, m, seconds) => {
        metrics.flush();
        send({ type: 'epoch', epoch, metrics: m, seconds });
      },
      onCheckpoint: async (epoch, model) => {
        const path = join(msg.runDir, 'checkpoint');
        const bytes = await saveModelFolder(model, path);
        send({ type: 'checkpoint', epoch, path, bytes });
      },
      shouldStop: () => stopRequested,
      log: (level, message) => send({ type: 'log', level, message }),
    },
  });
  metrics.flush();
  if (outcome.status === 'diverged') {
    send({ type: 'failed', status: 'diverged', message: outcome.message });
  } else {
    if (outcome.status === 'completed') {
      const bytes = await saveModelFolder(outcome.model, join(msg.runDir, 'model'));
      send({ type: 'log', level: 'info', message: `saved final model (${bytes} bytes of weights)` });
    }
    send({ type: 'done', status: outcome.status, finalMetrics: outcome.finalMetrics });
  }
  outcome.model.dispose();
}

// The supervisor is gone (app crashed or was killed): stop rather than train for nobody.
process.on('disconnect', () => process.exit(2));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
parent.onMessage((msg) => {
  if (msg.type === 'cancel') {
    stopRequested = true;
  } else if (msg.type === 'probe') {
    loadBestBackend((name) => nodeRequire(name), locatePackage)
      .then((backend) => send({ type: 'ready', backend }))
      .then(() => setTimeout(() => process.exit(0), 50), fail);
  } else if (msg.type === 'start') {
    run(msg).then(() => setTimeout(() => process.exit(0), 50), fail);
  }
});
