// The dataset library as the UI, the CLI and runs see it: listing (with the runs that use each
// dataset), details from meta.json, thumbnails by id, deletion (refused while runs use it unless
// forced; forced, the files go and the row stays so those runs keep their record), and the
// bundled MNIST demo registered on first start. Deleted datasets are invisible everywhere here.
import type Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getDataset, getDatasetPath, insertDataset, listDatasets, listRuns } from '../db';
import { isDatasetDeleted, markDatasetDeleted } from '../db/dataset-deletions-repo';
import { MNIST_DEMO_ID, mnistDemoDataset } from '../datasets/mnist-demo';
import { readMeta, readSamples, readSplitLabels, writeDataset, type DatasetMeta } from '../datasets/shard-store';
import { removeStaleFolders, TRASH_PREFIX } from '../datasets/stale-folders';
import { pngDataUrls } from '../datasets/thumbnails';
import type { ParsedInput } from '../../shared/contract';
import { StudioFailure } from '../../shared/result';
import type { DatasetDeleteResult, DatasetDetail, DatasetListItem, DatasetRunRef, DatasetSamplesPage, DatasetSummary } from '../../shared/types';
import { dataPaths } from './data-dir';

export function summaryFromMeta(meta: DatasetMeta): DatasetSummary {
  return {
    id: meta.id,
    name: meta.name,
    format: meta.format,
    numClasses: meta.numClasses,
    numSamples: Object.values(meta.splits).reduce((a, b) => a + b, 0),
    shape: meta.shape,
    classNames: meta.classNames,
    splits: meta.splits,
    fingerprint: meta.fingerprint,
    bytes: meta.bytes,
    createdAt: meta.createdAt,
  };
}

/**
 * At start-up: removes leftovers of interrupted imports, then makes sure the demo dataset is
 * stored and registered (repairing a missing registration), unless the user deleted it.
 */
export function ensureDemoDataset(db: Database.Database, dataDir: string): DatasetSummary | null {
  removeStaleFolders(dataPaths(dataDir).datasets);
  if (isDatasetDeleted(db, MNIST_DEMO_ID)) return null;
  const existing = getDataset(db, MNIST_DEMO_ID);
  const dir = dataPaths(dataDir).datasetDir(MNIST_DEMO_ID);
  if (existing && existsSync(dir)) return existing;
  const meta = existsSync(dir) ? readMeta(dir) : writeDataset(dataPaths(dataDir).datasets, mnistDemoDataset());
  const summary = summaryFromMeta(meta);
  if (!existing) insertDataset(db, { ...summary, path: dir });
  return summary;
}

/** Every run that uses a dataset (delete needs them all). */
export function allRunsUsing(db: Database.Database, id: string): DatasetRunRef[] {
  return listRuns(db, { datasetId: id }).map((r) => ({ id: r.id, name: r.name, status: r.status }));
}

/** How many runs use a dataset, and the newest `limit` of them (a history can hold thousands). */
export function runsUsing(db: Database.Database, id: string, limit = 20): { usedBy: DatasetRunRef[]; usedByCount: number } {
  const usedByCount = (db.prepare('SELECT count(*) AS n FROM runs WHERE dataset_id = ?').get(id) as { n: number }).n;
  const usedBy = listRuns(db, { datasetId: id, limit }).map((r) => ({ id: r.id, name: r.name, status: r.status }));
  return { usedBy, usedByCount };
}

export function listAllDatasets(db: Database.Database): DatasetListItem[] {
  return listDatasets(db)
    .filter((d) => !isDatasetDeleted(db, d.id))
    .map((d) => ({ ...d, ...runsUsing(db, d.id) }));
}

export function requireDataset(db: Database.Database, id: string): DatasetSummary & { path: string } {
  const d = getDataset(db, id);
  const path = getDatasetPath(db, id);
  if (!d || !path || isDatasetDeleted(db, id)) throw new StudioFailure('not_found', `no dataset with id '${id}'`);
  return { ...d, path };
}

function requireMeta(d: DatasetSummary & { path: string }): DatasetMeta {
  try {
    return readMeta(d.path);
  } catch {
    throw new StudioFailure('io_error', `the files of dataset '${d.name}' (${d.id}) are missing or damaged; delete it and import it again`);
  }
}

export function datasetDetail(db: Database.Database, id: string): DatasetDetail {
  const d = requireDataset(db, id);
  const meta = requireMeta(d);
  const { path: _path, ...summary } = d;
  return {
    ...summary,
    ...runsUsing(db, id),
    mean: meta.mean,
    std: meta.std,
    classCounts: meta.classCounts,
    coarseClassNames: meta.coarseClassNames ?? null,
    source: meta.source?.description ?? null,
    warnings: meta.warnings ?? [],
  };
}

const runList = (runs: DatasetRunRef[]) =>
  runs
    .slice(0, 10)
    .map((r) => `'${r.name}' (${r.id.slice(0, 8)}, ${r.status})`)
    .join(', ') + (runs.length > 10 ? ` and ${runs.length - 10} more` : '');

/** `datasets/<id>` of the data folder, or null for an id that cannot name a folder there. */
function ownFolder(dataDir: string, id: string): string | null {
  try {
    return dataPaths(dataDir).datasetDir(id);
  } catch {
    return null;
  }
}

/** Deletes a dataset's files; see the module comment for what happens to runs that use it. */
export function deleteDatasetById(db: Database.Database, dataDir: string, id: string, force: boolean): DatasetDeleteResult {
  const d = requireDataset(db, id);
  const runs = allRunsUsing(db, id);
  const active = runs.filter((r) => r.status === 'queued' || r.status === 'running');
  const label = `dataset '${d.name}' (${d.id})`;
  if (active.length)
    throw new StudioFailure(
      'conflict',
      `${label} is in use by ${active.length === 1 ? 'a run that is' : 'runs that are'} queued or training: ${runList(active)}; cancel ${active.length === 1 ? 'it' : 'them'} first`,
    );
  if (runs.length && !force) {
    throw new StudioFailure(
      'conflict',
      `${label} is used by ${runs.length === 1 ? '1 run' : `${runs.length} runs`}: ${runList(runs)}; delete it with force to remove its files anyway (the runs keep their history)`,
    );
  }
  // The folder is derived from the id, never taken from the stored path: a damaged or crafted
  // row must not point a recursive delete outside the datasets folder (docs/security.md).
  const own = ownFolder(dataDir, id);
  const trash = join(dataPaths(dataDir).datasets, `${TRASH_PREFIX}${id}-${process.pid}`);
  const hasFiles = own !== null && existsSync(own);
  try {
    if (hasFiles) renameSync(own, trash);
  } catch (e) {
    throw new StudioFailure('io_error', `${label} could not be deleted: ${(e as Error).message}`);
  }
  try {
    markDatasetDeleted(db, id, new Date().toISOString());
  } catch (e) {
    if (hasFiles) renameSync(trash, own);
    throw e;
  }
  rmSync(trash, { recursive: true, force: true });
  return { id, keptRuns: runs };
}

export async function datasetSamples(db: Database.Database, input: ParsedInput<'datasets:samples'>): Promise<DatasetSamplesPage> {
  const d = requireDataset(db, input.id);
  const meta = requireMeta(d);
  if (meta.splits[input.split] === undefined) {
    throw new StudioFailure('not_found', `dataset '${d.name}' has no '${input.split}' split (it has ${Object.keys(meta.splits).join(', ')})`);
  }
  const k = input.classIndex;
  if (k !== undefined && k >= meta.numClasses) {
    throw new StudioFailure('invalid_input', `classIndex ${k}: dataset '${d.name}' has ${meta.numClasses} classes (0–${meta.numClasses - 1})`);
  }
  const { labels } = readSplitLabels(d.path, meta, input.split);
  const matching: number[] = [];
  for (let i = 0; i < labels.length; i++) if (k === undefined || labels[i] === k) matching.push(i);
  const page = matching.slice(input.offset, input.offset + input.limit);
  const urls = await pngDataUrls(readSamples(d.path, meta, input.split, page), meta.shape);
  return {
    id: d.id,
    split: input.split,
    classIndex: k ?? null,
    total: matching.length,
    offset: input.offset,
    items: page.map((index, j) => ({ index, label: labels[index]!, dataUrl: urls[j]! })),
  };
}
