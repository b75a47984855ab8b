// Importing a run bundle, all or nothing. The bundle is someone else's file: it is unpacked into
// runs/.import-<random>-<pid> under caps (bundle-format.ts), every record is validated
// (bundle-schema.ts) and its references checked, then one transaction adds the rows and one
// rename moves the files to runs/<id>. On any failure no row and no folder remain; a staging
// folder left by a crash is removed by the next import.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appendRunLogs, getDataset, getRun, insertMetrics, insertRun, setRunBackend, setRunEnvironment, updateRunStatus } from '../db';
import { deleteRuns } from '../db/run-queries';
import { removeStaleFolders } from '../datasets/stale-folders';
import { BundleProblem, DEFAULT_BUNDLE_LIMITS, unpackBundle, type BundleLimits, type BundleMember } from '../export/bundle-format';
import { BundleLogsSchema, BundleMetaSchema, BundleMetricsSchema, firstIssue, type BundleMeta } from '../export/bundle-schema';
import { StudioFailure } from '../../shared/result';
import { describeZodError, RunConfigSchema } from '../../shared/schemas/run-config';
import type { MetricPoint, RunRecord } from '../../shared/types';
import type { z } from 'zod';
import { resourceKind } from './resource-errors';

export const IMPORT_PREFIX = '.import-';

export interface BundleImportDeps {
  db: Database.Database;
  runDir(id: string): string;
  /** Caps of the unpacking; tests lower them. */
  limits?: Partial<BundleLimits>;
  /** Seam for tests: how the staged folder is moved into place (default renameSync). */
  move?: (from: string, to: string) => void;
}

interface Records {
  meta: BundleMeta;
  metrics: MetricPoint[];
  logs: z.infer<typeof BundleLogsSchema>;
}

const bad = (file: string, problem: string) => new StudioFailure('invalid_input', `${file}: ${problem}`);

function readJson(stage: string, name: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(join(stage, name), 'utf8'));
  } catch {
    throw bad(file, `${name} in the run bundle is not valid JSON`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string, file: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw bad(file, `${name} in the run bundle is invalid (${firstIssue(r.error)})`);
  return r.data;
}

/** Reads and validates the staged JSON records; the model, when there is one, must parse. */
function readRecords(stage: string, members: BundleMember[], file: string): Records {
  const has = (n: string) => members.some((m) => m.name === n);
  if (!has('run.json')) throw bad(file, 'the run bundle has no run.json');
  const raw = readJson(stage, 'run.json', file);
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== 1) throw bad(file, `run bundle format ${JSON.stringify(version ?? null)} is not supported (expected 1)`);
  const meta = parse(BundleMetaSchema, raw, 'run.json', file);
  const metrics = has('metrics.json') ? parse(BundleMetricsSchema, readJson(stage, 'metrics.json', file), 'metrics.json', file) : [];
  const logs = has('logs.json') ? parse(BundleLogsSchema, readJson(stage, 'logs.json', file), 'logs.json', file) : [];
  if (has('report.json')) {
    const report = readJson(stage, 'report.json', file);
    if (!report || typeof report !== 'object' || Array.isArray(report)) throw bad(file, 'report.json in the run bundle is not a JSON object');
  }
  const modelFiles = members.filter((m) => m.name.startsWith('model/'));
  if (modelFiles.length) {
    if (!has('model/model.json')) throw bad(file, 'the run bundle has model files but no model/model.json');
    const model = readJson(stage, 'model/model.json', file);
    if (!model || typeof model !== 'object' || Array.isArray(model)) throw bad(file, 'model/model.json in the run bundle is not a JSON object');
  }
  // Metric values: JSON null stands for a non-finite value (insertMetrics stores it as no value).
  return { meta, metrics: metrics.map((p) => ({ ...p, value: p.value ?? NaN })), logs };
}

/** Maps what SQLite may still refuse to a sentence; other errors pass through. */
function sqliteFailure(e: unknown, file: string): unknown {
  const code = String((e as { code?: unknown }).code ?? '');
  // A full disk or a read-only folder reads the same as everywhere (dispatch, resource-errors.ts).
  if (!code.startsWith('SQLITE_') || resourceKind(e)) return e;
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return bad(file, 'the run refers to a dataset or run that is not in this library; nothing was imported');
  if (code.startsWith('SQLITE_CONSTRAINT')) return bad(file, 'the run conflicts with one already in this library; nothing was imported');
  return new StudioFailure('io_error', `${file}: the library database refused the run (${code}); nothing was imported`);
}

export class BundleImporter {
  private readonly limits: BundleLimits;

  constructor(private readonly d: BundleImportDeps) {
    this.limits = { ...DEFAULT_BUNDLE_LIMITS, ...d.limits };
  }

  async importBundle(file: string): Promise<RunRecord> {
    let st;
    try {
      st = statSync(file);
    } catch {
      throw new StudioFailure('not_found', `bundle file not found: ${file}`);
    }
    if (!st.isFile()) throw bad(file, 'not a regular file (a folder, device or pipe cannot be a run bundle)');
    // The runs folder is the parent of any run's folder (runDir validates the id it is given).
    const runsDir = dirname(this.d.runDir('x'));
    mkdirSync(runsDir, { recursive: true });
    removeStaleFolders(runsDir, [IMPORT_PREFIX]);
    const stage = join(runsDir, `${IMPORT_PREFIX}${randomBytes(4).toString('hex')}-${process.pid}`);
    mkdirSync(stage);
    try {
      let members: BundleMember[];
      try {
        members = await unpackBundle(file, stage, this.limits);
      } catch (e) {
        if (e instanceof BundleProblem) throw bad(file, e.message);
        throw new StudioFailure('io_error', `${file}: could not unpack the run bundle (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const records = readRecords(stage, members, file);
      for (const name of ['run.json', 'metrics.json', 'logs.json']) rmSync(join(stage, name), { force: true });
      mkdirSync(join(stage, 'model'), { recursive: true });
      return this.commit(records, stage, file);
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  }

  /** Checks references, writes the rows in one transaction, then moves the staged folder in. */
  private commit({ meta, metrics, logs }: Records, stage: string, file: string): RunRecord {
    const { db } = this.d;
    const { run } = meta;
    if (getRun(db, run.id)) throw new StudioFailure('conflict', `run '${run.name}' (${run.id}) is already in this library`);
    const target = this.d.runDir(run.id);
    if (existsSync(target))
      throw new StudioFailure('conflict', `${file}: the folder for run ${run.id} already exists in this library's runs folder; nothing was imported`);
    const ds = getDataset(db, run.datasetId);
    if (!ds || (meta.dataset && ds.fingerprint !== meta.dataset.fingerprint)) {
      throw bad(
        file,
        `the run was trained on dataset '${meta.dataset?.name ?? run.datasetId}' (fingerprint ${meta.dataset?.fingerprint.slice(0, 12) ?? '?'}…), which is not in this library; import that dataset first`,
      );
    }
    const parsed = RunConfigSchema.safeParse(run.config);
    if (!parsed.success) throw bad(file, `run.json in the run bundle has an invalid config (${describeZodError(parsed.error)})`);
    // Where the exporter trained it is theirs: a Slurm profile runs shell on a cluster (setup,
    // workerCommand), so an imported run trains here, locally, if it is ever resumed.
    const { executor: _executor, slurm: _slurm, ...config } = parsed.data;
    if (config.datasetId !== run.datasetId) throw bad(file, `run.json in the run bundle is inconsistent (config.datasetId is not the run's dataset)`);
    const teacherHere = run.teacherRunId && getRun(db, run.teacherRunId) ? run.teacherRunId : null;
    const notes =
      [run.notes, run.teacherRunId && !teacherHere ? `Imported; its teacher run ${run.teacherRunId} is not in this library.` : null]
        .filter(Boolean)
        .join('\n') || null;
    try {
      db.transaction(() => {
        insertRun(db, {
          id: run.id,
          name: run.name,
          kind: run.kind,
          status: 'queued',
          config: { ...config, teacherRunId: teacherHere ?? undefined },
          datasetId: run.datasetId,
          teacherRunId: teacherHere,
          seed: run.seed,
          createdAt: run.createdAt,
          notes,
          tags: [...new Set(run.tags)],
        });
        updateRunStatus(db, run.id, run.status === 'running' || run.status === 'queued' ? 'interrupted' : run.status, {
          error: run.error ?? null,
          startedAt: run.startedAt ?? null,
          finishedAt: run.finishedAt ?? null,
        });
        insertMetrics(db, run.id, metrics);
        // Rows belong to the run being imported, whatever runId they carry.
        appendRunLogs(
          db,
          logs.map((l) => ({ runId: run.id, level: l.level, message: l.message, time: l.time })),
        );
        if (run.environment) setRunEnvironment(db, run.id, run.environment);
        if (run.backend) setRunBackend(db, run.id, run.backend, run.backendReason ?? '');
      })();
    } catch (e) {
      throw sqliteFailure(e, file);
    }
    try {
      (this.d.move ?? renameSync)(stage, target);
    } catch (e) {
      deleteRuns(db, [run.id]);
      throw new StudioFailure(
        'io_error',
        `${file}: could not move the imported files into place (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was imported`,
      );
    }
    return getRun(db, run.id)!;
  }
}
