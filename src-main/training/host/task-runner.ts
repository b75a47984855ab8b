// Runs one short worker task (verify an exported model, draw attention maps) in its own process,
// outside the training queue, and resolves with its result or a readable error.
import { StudioFailure } from '../../../shared/result';
import type { TaskResults, WorkerTask } from '../worker/protocol';
import type { WorkerSpawner } from './worker-handle';

export function runWorkerTask<K extends WorkerTask['kind']>(
  spawn: WorkerSpawner,
  entry: string,
  task: Extract<WorkerTask, { kind: K }>,
  timeoutMs = 300_000,
): Promise<TaskResults[K]> {
  return new Promise((resolve, reject) => {
    const handle = spawn(entry, { env: { TF_CPP_MIN_LOG_LEVEL: '2' }, serviceName: `Distill Studio ${task.kind}` });
    let output = '';
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () => settle(() => (handle.kill(), reject(new StudioFailure('worker_failed', `${task.kind} task took longer than ${timeoutMs / 1000} s`)))),
      timeoutMs,
    );
    handle.onOutput?.((_s, text) => (output = (output + text).slice(-2000)));
    handle.onMessage((m) => {
      if (m.type === 'taskResult') settle(() => resolve(m.result as TaskResults[K]));
      else if (m.type === 'failed') settle(() => reject(new StudioFailure('worker_failed', m.message)));
    });
    handle.onExit((code, signal) =>
      settle(() =>
        reject(new StudioFailure('worker_failed', `${task.kind} worker ${signal ? `was killed (${signal})` : `exited with code ${code}`} before answering`)),
      ),
    );
    handle.send({ type: 'task', task });
  });
}
