// The importers by format name, in detection order: the formats recognised by their file names
// first (CIFAR, IDX), the generic image folder last. `--format auto` asks each in turn and
// reports what the first taker found.
import { readdir } from 'node:fs/promises';
import type { DatasetDetection } from '../../../shared/types';
import { badInput } from '../import-errors';
import type { Importer, ImporterFormat } from '../import-types';
import { isEmptyArchive } from '../sources/source-files';
import { cifar100Importer, cifar10Importer } from './cifar-importer';
import { folderImporter } from './folder-importer';
import { idxImporter } from './idx-importer';
import { mnistDemoImporter } from './mnist-demo-importer';

export const IMPORTERS: ReadonlyMap<ImporterFormat, Importer> = new Map(
  [cifar10Importer, cifar100Importer, idxImporter, folderImporter, mnistDemoImporter].map((i) => [i.format, i]),
);

export function importerFor(format: ImporterFormat): Importer {
  const importer = IMPORTERS.get(format);
  if (!importer) throw new Error(`no importer for format '${format}' (known: ${[...IMPORTERS.keys()].join(', ')})`);
  return importer;
}

/** The first importer that recognises `path`, with what it found; a clear error when none does. */
export async function detectFormat(path: string, shownAs: string): Promise<{ importer: Importer; detection: DatasetDetection }> {
  for (const importer of IMPORTERS.values()) {
    const detection = await importer.detect(path);
    if (detection) return { importer, detection };
  }
  if (await isEmptyArchive(path)) throw badInput(shownAs, 'the archive is empty (no files in it)');
  const archives = await archivesIn(path);
  const hint = archives.length ? ` (this folder holds ${archives.slice(0, 3).join(', ')}: choose the archive itself)` : '';
  throw badInput(
    shownAs,
    'not a dataset format Distill Studio recognises: expected a folder with one subfolder of images per class, ' +
      'CIFAR-10/100 binary files (.tar.gz or .bin), or MNIST-style IDX files (train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz])' +
      hint,
  );
}

/** Archives directly inside a folder (people often pick the download folder, not the download). */
async function archivesIn(path: string): Promise<string[]> {
  const names = await readdir(path).catch(() => [] as string[]);
  return names.filter((n) => /\.(tar\.gz|tgz|tar)$/i.test(n)).sort();
}
