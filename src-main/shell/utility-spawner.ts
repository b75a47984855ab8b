// Starts training workers as Electron utility processes (one OS process per run). Chromium
// owns their lifetime, so a native crash in tfjs-node kills only the worker, never the app,
// and the process shows up by name in the OS task manager.
import type { SpawnOptions, WorkerHandle, WorkerSpawner } from '../training/host/worker-handle';
import type { SupervisorMessage, WorkerMessage } from '../training/worker/protocol';

/** A readable text stream as Electron gives it (NodeJS.ReadableStream). */
export interface OutputStreamLike {
  setEncoding(encoding: 'utf8'): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
}

/** The parts of an Electron `UtilityProcess` used here. */
export interface UtilityChildLike {
  readonly pid: number | undefined;
  readonly stdout: OutputStreamLike | null;
  readonly stderr: OutputStreamLike | null;
  postMessage(message: unknown): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Electron's UtilityProcess message listener takes any; the worker protocol checks it
  on(event: 'message', listener: (message: any) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** Electron's `utilityProcess` module (only `fork`). */
export interface UtilityProcessLike {
  fork(modulePath: string, args: string[], options: { serviceName: string; env: Record<string, string | undefined>; stdio: 'pipe' }): UtilityChildLike;
}

type OutputListener = (stream: 'stdout' | 'stderr', text: string) => void;

export function createUtilitySpawner(utilityProcess: UtilityProcessLike, baseEnv: Record<string, string | undefined> = process.env): WorkerSpawner {
  return (entry: string, options: SpawnOptions): WorkerHandle => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: options.serviceName,
      // `env` replaces the environment in Electron, so start from ours (PATH, CUDA paths, ...).
      env: { ...baseEnv, ...options.env },
      // Piped so the supervisor can keep the tail of tfjs/CUDA output as a crash reason.
      stdio: 'pipe',
    });

    // The pipes are always read, listener or not: an unread pipe fills up and blocks the worker.
    const outputListeners: OutputListener[] = [];
    const readStream = (name: 'stdout' | 'stderr', stream: OutputStreamLike | null): void => {
      if (!stream) return;
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
        for (const listener of outputListeners) listener(name, text);
      });
    };
    readStream('stdout', child.stdout);
    readStream('stderr', child.stderr);

    let killedByUs = false;
    let exit: { code: number | null; signal: string | null } | null = null;
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    child.on('exit', (code: number) => {
      // Electron reports only a numeric code; a kill we asked for is reported as SIGTERM so the
      // supervisor can tell "killed" from "exited with an error".
      exit = { code: killedByUs ? null : code, signal: killedByUs ? 'SIGTERM' : null };
      for (const listener of exitListeners.splice(0)) listener(exit.code, exit.signal);
    });

    return {
      get pid() {
        return child.pid;
      },
      send(message: SupervisorMessage) {
        if (exit) return; // posting to a dead process throws in Electron; its exit is reported
        child.postMessage(message);
      },
      onMessage(listener: (message: WorkerMessage) => void) {
        child.on('message', (message: WorkerMessage) => listener(message));
      },
      onExit(listener) {
        // A listener added after the exit still hears about it, exactly once.
        if (exit) listener(exit.code, exit.signal);
        else exitListeners.push(listener);
      },
      kill() {
        if (exit || killedByUs) return;
        killedByUs = true;
        child.kill();
      },
      onOutput(listener: OutputListener) {
        outputListeners.push(listener);
      },
    };
  };
}
