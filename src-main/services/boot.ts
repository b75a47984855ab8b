// Composition of the services (transport-agnostic): opens the store, registers the bundled demo
// dataset, and exposes everything as one `StudioServices` object. An `owner` (the default: the
// desktop app, `serve`, CLI commands that train or import) first takes the data folder's lock
// (data-folder-lock.ts), then recovers from a crash (training/host/recovery.ts) and starts the queue.
// A `reader` (listings, export) takes no lock, changes no run and starts no work, so it can run
// next to a live owner without disturbing it.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { closeDatabase, openDatabase } from '../db';
import { forkSpawner } from '../training/host/fork-spawner';
import { recoverOrphanedRuns } from '../training/host/recovery';
import { removeStaleFolders } from '../datasets/stale-folders';
import { IMPORT_PREFIX } from './bundle-import';
import { Supervisor } from '../training/host/supervisor';
import { defaultWorkerCommand, slurmExecutor } from '../training/host/slurm/slurm-executor';
import { probeSlurm } from '../training/host/slurm/slurm-probe';
import { slurmShell } from '../training/host/slurm/slurm-shell';
import { dataPaths } from './data-dir';
import { acquireDataFolderLock, type DataFolderLock } from './data-folder-lock';
import { readOnlyHandlers } from './reader-guard';
import { ensureDemoDataset } from './datasets-service';
import type { HandlerContext } from './handlers/context';
import { datasetsHandlers } from './handlers/datasets-handlers';
import { runsHandlers } from './handlers/runs-handlers';
import { probeQueue, probeTerms } from './term-probe-service';
import { historyHandlers } from './handlers/history-handlers';
import { ExportService } from './export-service';
import { HistoryService } from './history-service';
import { dispatch, type Handlers } from './dispatch';
import { EventBus } from './event-bus';
import { RunsService } from './runs-service';
import type { BootOptions, StudioServices } from './studio-services';
import { SystemService } from './system-service';

/** out/main/worker.js, whether this code runs from an entry file or from a shared chunk. */
function defaultWorkerEntry(): string {
  const here = join(__dirname, 'worker.js');
  return existsSync(here) ? here : join(__dirname, '..', 'worker.js');
}

const OWNER_NAMES = { electron: 'Distill Studio desktop app', browser: 'distill-studio serve', cli: 'distill-studio' } as const;

export async function bootServices(options: BootOptions): Promise<StudioServices> {
  const role = options.role ?? 'owner';
  const paths = dataPaths(options.dataDir);
  mkdirSync(paths.runs, { recursive: true });
  mkdirSync(paths.datasets, { recursive: true });
  const lock: DataFolderLock | null = role === 'owner' ? acquireDataFolderLock(options.dataDir, options.ownerCommand ?? OWNER_NAMES[options.mode]) : null;
  let db: ReturnType<typeof openDatabase> | undefined;
  try {
    db = openDatabase(paths.db);
    if (role === 'owner') {
      recoverOrphanedRuns(db);
      removeStaleFolders(paths.runs, [IMPORT_PREFIX]); // bundle imports a crash left half-staged
    }
    ensureDemoDataset(db, options.dataDir);
  } catch (e) {
    if (db) closeDatabase(db);
    lock?.release();
    throw e;
  }

  const events = new EventBus();
  const concurrency = options.concurrency ?? 1;
  const spawn = options.spawnWorker ?? forkSpawner;
  const workerEntry = options.workerEntry ?? defaultWorkerEntry();
  const system = new SystemService({
    appVersion: options.appVersion ?? '0.0.0',
    mode: options.mode,
    dataDir: options.dataDir,
    electronVersion: options.electronVersion ?? null,
    queue: () => ({ running: supervisor.runningCount, queued: runs.list({ status: ['queued'], limit: 1000, offset: 0 }).length, concurrency }),
  });
  const supervisor = new Supervisor({
    db,
    dataDir: options.dataDir,
    runDir: paths.runDir,
    spawn,
    workerEntry,
    concurrency: role === 'owner' ? concurrency : 0, // a reader never starts a run
    emit: (e, p) => events.emit(e, p),
    onBackend: (info) => system.setBackend(info),
    appVersion: options.appVersion ?? '0.0.0',
    slurm: slurmExecutor({
      db,
      shell: slurmShell(),
      runDir: paths.runDir,
      defaultSharedDir: join(options.dataDir, 'jobs'),
      // the node runs this project's CLI on a Node binary (the desktop app's Electron is no Node)
      workerCommand: defaultWorkerCommand(
        process.versions.electron ? 'node' : process.execPath,
        join(dirname(workerEntry), '..', '..', 'bin', 'distill-studio.js'),
      ),
    }),
  });
  const runs = new RunsService(db, supervisor, events, paths.runDir);

  const history = new HistoryService(db, paths.runDir, events, (id) => supervisor.progressOf(id) !== null);
  const exports = new ExportService({ db, runDir: paths.runDir, spawn, workerEntry });
  const oneProbeAtATime = probeQueue();
  const ctx: HandlerContext = {
    db,
    dataDir: options.dataDir,
    events,
    runs,
    system,
    supervisor,
    history,
    exports,
    probeTerms: (config) => oneProbeAtATime(() => probeTerms({ db, runs, runDir: paths.runDir, spawn, workerEntry }, config)),
  };
  const allHandlers: Handlers = {
    'system:info': () => system.info(),
    'dialog:openPath': async (request) => (options.pickPath ? { path: await options.pickPath(request), supported: true } : { path: null, supported: false }),
    ...datasetsHandlers(ctx),
    ...runsHandlers(ctx),
    ...historyHandlers(ctx),
  };
  const handlers = role === 'owner' ? allHandlers : readOnlyHandlers(allHandlers);

  // The queue view follows every status change (queued, started, cancelled, finished).
  events.on((event) => {
    if (event === 'run:status') history.emitQueue();
  });
  if (role === 'owner') {
    if (options.probeBackend !== false) {
      supervisor.probeBackend();
      void probeSlurm(slurmShell()).then((slurm) => system.setSlurm(slurm));
    }
    supervisor.reattach(); // Slurm jobs of runs still running before a restart
    supervisor.pump(); // runs queued before a restart start now
  }

  let closing: Promise<void> | null = null;
  const close = async (graceMs: number) => {
    try {
      await supervisor.shutdown(graceMs);
      closeDatabase(db);
    } finally {
      lock?.release();
    }
  };
  return {
    dataDir: options.dataDir,
    invoke: (channel, rawInput) => dispatch(handlers, channel, rawInput, options.dataDir),
    onEvent: (listener) => events.on(listener),
    // A second call (a signal during shutdown) waits for the same shutdown to finish.
    shutdown: ({ graceMs = 10_000 } = {}) => (closing ??= close(graceMs)),
  };
}
