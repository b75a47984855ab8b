// Entry of a training worker process (one per run). Loads the best tfjs backend (with the fast
// pure-JS kernels when only the JS backend loads), runs one job, and reports everything to the
// supervisor as typed messages. Any uncaught error becomes a `failed` message with a reason.
import { activeInstall } from '../../backends/native-setup/install-layout';
import { nodeRequire, packageDir } from '../../package-resolve';
import { chooseGemmEngine } from '../../backends/wasm/select';
import { setGemmEngine } from '../../backends/cpu/gemm-engine';
import { registerFastCpuKernels } from '../../backends/cpu/registry';
import { loadBestBackend } from './backend-loader';
import { connectToParent } from './parent-channel';
import type { BackendInfo, WorkerMessage } from './protocol';
import { runJob } from './run-job';
import { runTask } from './tasks';

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

async function prepareBackend(): Promise<BackendInfo> {
  const backend = await loadBestBackend((name) => nodeRequire(name), locatePackage, (v) => activeInstall(v));
  if (backend.name === 'cpu' && process.env.DISTILL_STUDIO_STOCK_KERNELS !== '1') {
    const fast = registerFastCpuKernels();
    const gemm = chooseGemmEngine(process.env);
    setGemmEngine(gemm.engine);
    backend.reason += `; faster im2col kernels registered for ${fast.join(', ')}; products on the ${gemm.reason}`;
  }
  return backend;
}

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
