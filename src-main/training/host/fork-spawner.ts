// WorkerSpawner for plain Node (browser mode, CLI, tests): `child_process.fork` with an IPC
// channel. stdout/stderr are piped, not inherited, so library chatter never corrupts the CLI's
// `--json` output; the supervisor keeps the tail as a crash reason.
import { fork } from 'node:child_process';
import type { SupervisorMessage, WorkerMessage } from '../worker/protocol';
import type { WorkerHandle, WorkerSpawner } from './worker-handle';

export const forkSpawner: WorkerSpawner = (entry, options) => {
  const child = fork(entry, [], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  const handle: WorkerHandle = {
    get pid() {
      return child.pid;
    },
    send(message: SupervisorMessage) {
      if (child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', (m) => listener(m as WorkerMessage));
    },
    onExit(listener) {
      child.once('exit', (code, signal) => listener(code, signal));
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    onOutput(listener) {
      child.stdout?.setEncoding('utf8').on('data', (t: string) => listener('stdout', t));
      child.stderr?.setEncoding('utf8').on('data', (t: string) => listener('stderr', t));
    },
  };
  return handle;
};
