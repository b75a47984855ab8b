// The SQLite store: connection, migrations and repositories (plain `(db, args) => rows` functions).
export { openDatabase, closeDatabase } from './connection';
export { migrate, schemaVersion, MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from './migrations/index';
export { insertDataset, listDatasets, getDataset, getDatasetPath, deleteDataset, findDatasetByFingerprint } from './datasets-repo';
export {
  insertRun,
  getRun,
  listRuns,
  updateRunStatus,
  setRunBackend,
  setRunEnvironment,
  markRunningAsInterrupted,
  nextQueuedRuns,
  renameRun,
  setRunNotes,
  type NewRun,
  type RunListFilter,
} from './runs-repo';
export { setRunTags, getRunTags } from './tags-repo';
export { setRunWorker, listRunningWorkers, markRunInterrupted, type RunningWorker } from './run-workers-repo';
export { insertMetrics, getMetricSeries, getRunSummary, countMetrics } from './metrics-repo';
export { dropMetricsAfter } from './metrics-trim';
export { appendRunLogs, listRunLogs } from './logs-repo';
export { insertArtifact, listArtifacts, type NewArtifact, type ArtifactRecord } from './artifacts-repo';
export {
  setRunExecutor,
  recordSlurmSubmission,
  getSlurmJob,
  getRunExecutor,
  listAttachedSlurmJobs,
  setSlurmOffsets,
  setSlurmState,
  type SlurmJobRow,
} from './slurm-jobs-repo';
