// A short-lived worker that only reports which TF.js backend it can load (shown in System info
// before any run starts). It is killed after a minute if it has not exited by itself.
import type { BackendInfo } from '../worker/protocol';
import type { WorkerSpawner } from './worker-handle';

export function startBackendProbe(spawn: WorkerSpawner, entry: string, env: Record<string, string>, onBackend: (info: BackendInfo) => void): void {
  const handle = spawn(entry, { env, serviceName: 'Distill Studio backend probe' });
  handle.onOutput?.(() => undefined);
  handle.onMessage((m) => {
    if (m.type === 'ready') onBackend(m.backend);
  });
  handle.send({ type: 'probe' });
  setTimeout(() => handle.kill(), 60_000).unref();
}
