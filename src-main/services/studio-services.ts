// The transport-agnostic face of the application: what Electron IPC, the browser-mode server and
// the CLI all drive. Transports validate nothing themselves; `invoke` validates, dispatches and
// turns every failure into `{ ok: false, error }`.
import type { EventChannel, EventPayloads, RequestChannel, RequestOutput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { WorkerSpawner } from '../training/host/worker-handle';

export type StudioEventListener = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

export interface StudioServices {
  /** Validate `rawInput` against the channel's schema, run it, and return a Result (never throws). */
  invoke<C extends RequestChannel>(channel: C, rawInput: unknown): Promise<Result<RequestOutput<C>>>;
  /** Subscribe to every event; returns an unsubscribe function. */
  onEvent(listener: StudioEventListener): () => void;
  /** Let running workers checkpoint and stop; runs that do not stop in time become `interrupted`. */
  shutdown(options?: { graceMs?: number }): Promise<void>;
  readonly dataDir: string;
}

export interface BootOptions {
  dataDir: string;
  mode: 'electron' | 'browser' | 'cli';
  /**
   * `owner` (default) takes the data folder's lock, recovers runs left behind by a crash and runs
   * the queue; a second owner is refused. `reader` only reads: no lock, no recovery, no work.
   */
  role?: 'owner' | 'reader';
  /** How the owner is named to a process that is refused (default from `mode`). */
  ownerCommand?: string;
  /** How to start a worker process; defaults to `child_process.fork`. */
  spawnWorker?: WorkerSpawner;
  /** Absolute path of the built worker entry (out/main/worker.js by default). */
  workerEntry?: string;
  /** How many runs train at once (default 1: a queue). */
  concurrency?: number;
  appVersion?: string;
  /** Native file/folder picker (Electron's dialog); absent in browser mode and the CLI. */
  pickPath?: (request: { kind: 'file' | 'folder'; title?: string }) => Promise<string | null>;
  /** Start a short-lived worker at boot to learn which tfjs backend loads (default true). */
  probeBackend?: boolean;
  electronVersion?: string | null;
}
