// Entry of a training worker process (one per run). Loads the best tfjs backend (with the fast
// pure-JS kernels when only the JS backend loads), runs one job, and reports everything to the
// supervisor as typed messages. Any uncaught error becomes a `failed` message with a reason.
// Started with `--job DIR` (by `distill-studio worker --job DIR` on a cluster node) it has no
// supervisor: it runs the job folder's run and writes its messages as JSON lines (job-main.ts).
import { runJobFolder } from './job-main';
import { connectToParent } from './parent-channel';
import type { WorkerMessage } from './protocol';
import { prepareBackend } from './prepare-backend';
import { runJob } from './run-job';
import { runTask } from './tasks';

function supervisedWorker(): void {
  const parent = connectToParent();
  const send = (m: WorkerMessage) => parent.send(m);
  let stopRequested = false;
  let failed = false;

  /** Reports the error as data, then exits once the message had time to leave. */
  const fail = (e: unknown): void => {
    if (failed) return;
    failed = true;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    send({ type: 'failed', status: 'failed', message });
    setTimeout(() => process.exit(1), 100);
  };

  // The supervisor is gone (app crashed or was killed): stop rather than train for nobody.
  process.on('disconnect', () => process.exit(2));
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  parent.onMessage((msg) => {
    if (msg.type === 'cancel') {
      stopRequested = true;
    } else if (msg.type === 'probe') {
      prepareBackend()
        .then((backend) => send({ type: 'ready', backend }))
        .then(() => setTimeout(() => process.exit(0), 50), fail);
    } else if (msg.type === 'task') {
      prepareBackend()
        .then(() => runTask(msg.task))
        .then((result) => send({ type: 'taskResult', result }))
        .then(() => setTimeout(() => process.exit(0), 50), fail);
    } else if (msg.type === 'start') {
      prepareBackend()
        .then((backend) => send({ type: 'ready', backend }))
        .then(() => runJob(msg, send, () => stopRequested))
        .then(() => setTimeout(() => process.exit(0), 50), fail);
    }
  });
}

const jobAt = process.argv.indexOf('--job');
if (jobAt >= 0) {
  const dir = process.argv[jobAt + 1];
  if (!dir) {
    process.stderr.write('distill-studio worker: error: --job needs the job folder\n');
    process.exit(2);
  }
  runJobFolder(dir).then((code) => process.exit(code));
} else {
  supervisedWorker();
}
