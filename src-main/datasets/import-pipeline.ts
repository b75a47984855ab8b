// One import, the same for every format: check the path, pick the importer (or detect it), read
// the samples, check the classes, carve a seeded stratified validation share from train (a given
// val or test split is kept), and stage the shards in a temp folder. The caller commits the
// staged dataset under an id (or discards it): until then nothing is visible in the library.
import { access, constants } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { DatasetImportFormat } from '../../shared/types';
import { classCounts } from './dataset-stats';
import { badInput, plural, readFailure, throwIfCancelled } from './import-errors';
import type { ProgressTracker } from './import-progress';
import type { ImportedData, Importer } from './import-types';
import { detectFormat, importerFor } from './importers/registry';
import type { DatasetSource } from './shard-layout';
import { stageDataset, type ShardWriter, type SplitSource, type StagedDataset } from './shard-writer';
import { stratifiedIndices } from './stratified-split';

export interface ImportRequest {
  path: string;
  format: DatasetImportFormat;
  name?: string;
  size?: number;
  channels?: 1 | 3;
  /** Share of every training class carved out for validation (default 0.1; 0: no val split). */
  val?: number;
  seed?: number;
  badFiles?: 'skip' | 'refuse';
  /** Class names in label order, replacing the source's (IDX has only label numbers). */
  classNames?: string[];
}

export interface PipelineDeps {
  datasetsDir: string;
  tracker: ProgressTracker;
  signal?: AbortSignal;
  writer?: ShardWriter;
}

export interface StagedImport {
  staged: StagedDataset;
  name: string;
  format: string;
  fixedId?: string;
  source: DatasetSource;
  warnings: string[];
  skippedFiles: number;
}

export const DEFAULT_VAL_SHARE = 0.1;
export const DEFAULT_SPLIT_SEED = 1234;

/** The path must be absolute, exist and be readable; the error says which of these it is not. */
export async function checkSourcePath(path: string): Promise<void> {
  if (!path) throw badInput('path', 'no file or folder given');
  if (!isAbsolute(path)) throw badInput(path, 'the path must be absolute');
  await access(path, constants.R_OK).catch((e) => {
    throw readFailure(e, path);
  });
}

async function chooseImporter(req: ImportRequest, deps: PipelineDeps): Promise<{ importer: Importer; found: string }> {
  if (req.format === 'mnist-demo') return { importer: importerFor('mnist-demo'), found: 'the bundled MNIST demo' };
  await checkSourcePath(req.path);
  if (req.format !== 'auto') return { importer: importerFor(req.format), found: importerFor(req.format).label };
  deps.tracker.report('detecting', 0, `detecting the format of ${basename(req.path)}`);
  const { importer, detection } = await detectFormat(req.path, basename(req.path));
  deps.tracker.report('detecting', 0.02, `found ${detection.description}`);
  return { importer, found: detection.description };
}

/** Every class needs training samples, and two of them when a validation share is carved out. */
function checkClasses(data: ImportedData, carving: boolean, source: string): void {
  const counts = classCounts(data.splits.train.labels, data.classNames.length);
  const where = (k: number) => data.classLocation?.(k) ?? `${source}: class '${data.classNames[k]}'`;
  const empty = counts.findIndex((n) => n === 0);
  if (empty >= 0) throw badInput(where(empty), 'has no training samples (an empty class cannot be learned or evaluated)');
  const single = carving ? counts.findIndex((n) => n === 1) : -1;
  if (single >= 0) {
    throw badInput(
      where(single),
      'has only 1 training sample: at least 2 are needed to put one in validation (add samples, or import with a validation share of 0)',
    );
  }
}

function plannedSplits(data: ImportedData, valShare: number, seed: number): Record<string, SplitSource> {
  const splits: Record<string, SplitSource> = {};
  const { train, val, test } = data.splits;
  if (val || valShare <= 0) splits.train = { data: train };
  else {
    const idx = stratifiedIndices(train.labels, valShare, seed);
    splits.train = { data: train, order: idx.train };
    splits.val = { data: train, order: idx.val };
  }
  if (val) splits.val = { data: val };
  if (test) splits.test = { data: test };
  return splits;
}

/** Runs an import up to a staged (not yet visible) dataset. */
export async function stageImport(req: ImportRequest, deps: PipelineDeps): Promise<StagedImport> {
  const { tracker, signal } = deps;
  const { importer, found } = await chooseImporter(req, deps);
  const warnings: string[] = [];
  tracker.report('reading', 0.02, `reading ${found}`);
  const data = await importer.read(
    req.path,
    { size: req.size, channels: req.channels, badFiles: req.badFiles ?? 'refuse' },
    {
      signal,
      progress: tracker.range('reading', 0.02, 0.8),
      warn: (m) => warnings.push(m),
    },
  );
  throwIfCancelled(signal);
  if (req.classNames) {
    if (req.classNames.length !== data.classNames.length) {
      throw badInput(
        req.path ? basename(req.path) : importer.label,
        `${req.classNames.length} class names were given but the data has ${data.classNames.length} classes (${data.classNames.slice(0, 5).join(', ')}${data.classNames.length > 5 ? ', …' : ''})`,
      );
    }
    data.classNames = [...req.classNames];
  }
  const valShare = data.splits.val ? 0 : (req.val ?? DEFAULT_VAL_SHARE);
  if (data.splits.val && req.val !== undefined && req.val > 0)
    warnings.push('the source has its own validation split: it is kept, no share is carved from train');
  const sourceName = req.path ? basename(req.path) : importer.label;
  checkClasses(data, valShare > 0, sourceName);
  tracker.report('splitting', 0.8, valShare > 0 ? `carving ${Math.round(valShare * 100)} % of every class for validation` : 'keeping the given splits');
  const splits = plannedSplits(data, valShare, req.seed ?? DEFAULT_SPLIT_SEED);
  const name = req.name?.trim() || data.suggestedName;
  const progress = tracker.range('writing', 0.82, 0.99);
  const staged = await stageDataset(
    deps.datasetsDir,
    { name, shape: data.shape, classNames: data.classNames, coarseClassNames: data.coarseClassNames, splits },
    {
      writer: deps.writer,
      signal,
      onProgress: (done, total) => progress(total ? done / total : 1, `writing shards (${plural(Math.round(done / 1048576), 'MB', 'MB')})`),
    },
  );
  return {
    staged,
    name,
    format: importer.format,
    ...(data.fixedId ? { fixedId: data.fixedId } : {}),
    source: { format: importer.format, description: data.description, name: sourceName },
    warnings,
    skippedFiles: data.skippedFiles ?? 0,
  };
}
