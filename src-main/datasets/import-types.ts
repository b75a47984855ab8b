// What an importer is: a format name, a cheap `detect` (is this path mine? what is in it?), and
// `read`, which turns the files into uint8 samples plus class names. Splitting, storing,
// fingerprinting and the library entry are the pipeline's job (import-pipeline.ts), the same for
// every format. Importers are listed in importers/registry.ts.
import type { DatasetDetection, DatasetImportFormat } from '../../shared/types';
import type { ProgressSink } from './import-progress';
import type { SplitData } from './shard-layout';

export type ImporterFormat = Exclude<DatasetImportFormat, 'auto'>;

export interface ImportOptions {
  /** Image folders: target height and width (default 32). Fixed-size formats keep their size. */
  size?: number;
  /** Image folders: 1 (grey) or 3 (RGB, the default). */
  channels?: 1 | 3;
  /** Image folders: skip files that are not readable images (counted), or refuse the import. */
  badFiles: 'skip' | 'refuse';
}

export interface ImportContext {
  signal?: AbortSignal;
  progress: ProgressSink;
  /** Something accepted with a remark; it is shown after the import and kept in meta.json. */
  warn(message: string): void;
}

export interface ImportedData {
  shape: [number, number, number];
  classNames: string[];
  coarseClassNames?: string[];
  /** `train` always; `test` (and `val`) when the source has them: they are kept as given. */
  splits: { train: SplitData; test?: SplitData; val?: SplitData };
  /** What was read, e.g. "CIFAR-10 binary archive (5 training batches, test batch)". */
  description: string;
  /** A name to give the dataset when the user gives none ("CIFAR-10", the folder's name, ...). */
  suggestedName: string;
  /** Files left out (image folders with badFiles: 'skip'). */
  skippedFiles?: number;
  /** Where class k comes from, for messages ("train/zebra/"); default: "<source>: class 'zebra'". */
  classLocation?: (classIndex: number) => string;
  /** The bundled demo keeps its well-known id. */
  fixedId?: string;
}

export interface Importer {
  format: ImporterFormat;
  /** A short human name: "image folder", "CIFAR-10 binary", ... */
  label: string;
  /** Null when `path` is not in this format; throws only when the path cannot be read at all. */
  detect(path: string): Promise<DatasetDetection | null>;
  read(path: string, options: ImportOptions, ctx: ImportContext): Promise<ImportedData>;
}
