// Dataset registry operations: listing, lookup, and registering the bundled MNIST demo on first
// start (stored once; later starts reuse it).
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { getDataset, getDatasetPath, insertDataset, listDatasets } from '../db';
import { MNIST_DEMO_ID, mnistDemoDataset } from '../datasets/mnist-demo';
import { readMeta, writeDataset, type DatasetMeta } from '../datasets/shard-store';
import { StudioFailure } from '../../shared/result';
import type { DatasetSummary } from '../../shared/types';
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

/** Makes sure the demo dataset is stored and registered; repairs a missing registration. */
export function ensureDemoDataset(db: Database.Database, dataDir: string): DatasetSummary {
  const existing = getDataset(db, MNIST_DEMO_ID);
  const dir = dataPaths(dataDir).datasetDir(MNIST_DEMO_ID);
  if (existing && existsSync(dir)) return existing;
  const meta = existsSync(dir) ? readMeta(dir) : writeDataset(dataPaths(dataDir).datasets, mnistDemoDataset());
  const summary = summaryFromMeta(meta);
  if (!existing) insertDataset(db, { ...summary, path: dir });
  return summary;
}

export function listAllDatasets(db: Database.Database): DatasetSummary[] {
  return listDatasets(db);
}

export function requireDataset(db: Database.Database, id: string): DatasetSummary & { path: string } {
  const d = getDataset(db, id);
  const path = getDatasetPath(db, id);
  if (!d || !path) throw new StudioFailure('not_found', `no dataset with id '${id}'`);
  return { ...d, path };
}
