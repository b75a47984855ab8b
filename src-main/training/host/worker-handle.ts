// How the supervisor sees one worker process, independent of how it was started
// (`child_process.fork` under Node, Electron's `utilityProcess.fork` in the desktop app).
import type { SupervisorMessage, WorkerMessage } from '../worker/protocol';

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: SupervisorMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Called once when the process ends; `code` null when killed by a signal. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  /** Optional: the worker's stdout/stderr text (crash reasons, library warnings). */
  onOutput?(listener: (stream: 'stdout' | 'stderr', text: string) => void): void;
  /** Optional, for runs trained elsewhere (a Slurm job): the worker's run folder (checkpoint/ inside) instead of runs/<id>/. */
  readonly runFilesDir?: string;
  /** Optional: why the run stopped, in the executor's words (a Slurm state), instead of an exit code. */
  readonly endReason?: string | null;
  /** Optional: stop watching and leave the work running (the app closes; it re-attaches at the next start); resolves once its state is recorded. */
  detach?(): Promise<void>;
}

export interface SpawnOptions {
  /** Extra environment variables for the worker (e.g. TF_FORCE_GPU_ALLOW_GROWTH). */
  env: Record<string, string>;
  /** Human-readable name for process lists. */
  serviceName: string;
}

/** Starts the worker script at `entry` (a built .js file) as a new OS process. */
export type WorkerSpawner = (entry: string, options: SpawnOptions) => WorkerHandle;
