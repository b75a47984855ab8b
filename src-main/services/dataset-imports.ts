// Imports as a service: runs the import pipeline with progress events (fraction, ETA, message)
// tagged with an import id, lets the caller cancel by that id, and adds the result to the library
// only when its files are complete. Identical content is refused (it is already there), except
// that a deleted dataset's content brings it back under its old id, so its runs find it again.
// Whatever fails or is cancelled leaves no folder and no database row behind.
import type Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { insertDataset } from '../db';
import { datasetIdTaken, datasetsByFingerprint, isDatasetDeleted, restoreDataset } from '../db/dataset-deletions-repo';
import { ImportCancelled } from '../datasets/import-errors';
import { checkSourcePath, stageImport, type StagedImport } from '../datasets/import-pipeline';
import { ProgressTracker } from '../datasets/import-progress';
import { detectFormat } from '../datasets/importers/registry';
import type { ShardWriter } from '../datasets/shard-writer';
import type { ParsedInput } from '../../shared/contract';
import { StudioFailure } from '../../shared/result';
import type { DatasetDetection, DatasetImportResult } from '../../shared/types';
import { dataPaths } from './data-dir';
import { listAllDatasets, summaryFromMeta } from './datasets-service';
import type { EventBus } from './event-bus';

export interface DatasetImportsDeps {
  db: Database.Database;
  dataDir: string;
  events: EventBus;
  /** Seam for tests: how shard files are written (e.g. one that fails with ENOSPC). */
  writer?: ShardWriter;
  /** Milliseconds between progress events of one import (default 100). */
  progressIntervalMs?: number;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'dataset';

export class DatasetImports {
  private readonly active = new Map<string, AbortController>();

  constructor(private readonly deps: DatasetImportsDeps) {}

  /** Import ids currently running. */
  get running(): string[] {
    return [...this.active.keys()];
  }

  async detect(path: string): Promise<DatasetDetection> {
    await checkSourcePath(path);
    return (await detectFormat(path, basename(path))).detection;
  }

  cancel(importId: string): { cancelled: boolean } {
    const c = this.active.get(importId);
    c?.abort();
    return { cancelled: Boolean(c) };
  }

  async import(input: ParsedInput<'datasets:import'>): Promise<DatasetImportResult> {
    const importId = input.importId ?? randomUUID();
    if (this.active.has(importId)) throw new StudioFailure('conflict', `an import with id '${importId}' is already running`);
    const controller = new AbortController();
    this.active.set(importId, controller);
    const tracker = new ProgressTracker((u) => this.deps.events.emit('dataset:importProgress', { importId, ...u }), {
      minIntervalMs: this.deps.progressIntervalMs,
    });
    try {
      const staged = await stageImport(input, {
        datasetsDir: dataPaths(this.deps.dataDir).datasets,
        tracker,
        signal: controller.signal,
        writer: this.deps.writer,
      });
      const result = this.commit(staged);
      tracker.finish('done', `imported '${result.dataset.name}' (${result.dataset.numSamples.toLocaleString('en-US')} samples)`);
      this.deps.events.emit('datasets:changed', { datasets: listAllDatasets(this.deps.db) });
      return result;
    } catch (e) {
      const cancelled = e instanceof ImportCancelled;
      tracker.finish(cancelled ? 'cancelled' : 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    } finally {
      this.active.delete(importId);
    }
  }

  /** Picks the id (new, restored or the demo's), moves the files into place, adds the row. */
  private commit(s: StagedImport): DatasetImportResult {
    const { db } = this.deps;
    let id: string;
    let restore: boolean;
    try {
      const same = datasetsByFingerprint(db, s.staged.fingerprint);
      const live = same.find((d) => !d.deleted);
      if (live) throw new StudioFailure('conflict', `the same content is already in the library as '${live.name}' (${live.id}); nothing was added`);
      if (s.fixedId && datasetIdTaken(db, s.fixedId) && !isDatasetDeleted(db, s.fixedId)) {
        throw new StudioFailure('conflict', `'${s.fixedId}' is already in the library; nothing was added`);
      }
      id = s.fixedId ?? same.find((d) => d.deleted)?.id ?? this.newId(s.name);
      restore = datasetIdTaken(db, id);
    } catch (e) {
      s.staged.discard();
      throw e;
    }
    const meta = s.staged.commit({ id, name: s.name, format: s.format, source: s.source, warnings: s.warnings });
    const dir = dataPaths(this.deps.dataDir).datasetDir(id);
    try {
      const row = { ...summaryFromMeta(meta), path: dir };
      if (restore) restoreDataset(db, row);
      else insertDataset(db, row);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    const { id: _i, ...rest } = summaryFromMeta(meta);
    return { dataset: { id, ...rest }, detected: s.source.description, warnings: s.warnings, skippedFiles: s.skippedFiles };
  }

  private newId(name: string): string {
    for (;;) {
      const id = `${slug(name)}-${randomBytes(3).toString('hex')}`;
      if (!datasetIdTaken(this.deps.db, id) && !existsSync(join(dataPaths(this.deps.dataDir).datasets, id))) return id;
    }
  }
}
