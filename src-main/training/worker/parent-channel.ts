// The worker's line to the supervisor: Electron's `process.parentPort` in a utilityProcess,
// Node's `process.send` under child_process.fork. Same typed messages either way.
import type { SupervisorMessage, WorkerMessage } from './protocol';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

export interface ParentChannel {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: SupervisorMessage) => void): void;
}

export function connectToParent(): ParentChannel {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (m) => port.postMessage(m),
      onMessage: (l) => port.on('message', (e) => l(e.data as SupervisorMessage)),
    };
  }
  if (typeof process.send === 'function') {
    return {
      send: (m) => process.send!(m),
      onMessage: (l) => process.on('message', (m) => l(m as SupervisorMessage)),
    };
  }
  throw new Error('training worker started without a parent process channel');
}
