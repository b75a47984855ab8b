// Image folders: every file in a class folder is decoded (JPEG, PNG, WebP with sharp; BMP with
// our decoder), centre-cropped and resized to size×size, as grey or RGB. Files that are not
// readable images either stop the import with their name (badFiles: 'refuse', the default) or
// are left out and counted (badFiles: 'skip'). Decoding runs a few files at a time.
import { readFile, stat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import type { DatasetDetection } from '../../../shared/types';
import { decodeImage, ImageProblem, SUPPORTED_IMAGES } from '../formats/image-decoders';
import { badInput, fmtInt, ImportCancelled, plural, readFailure, readProblem } from '../import-errors';
import { classCounts } from '../dataset-stats';
import type { ImportContext, ImportedData, Importer, ImportOptions } from '../import-types';
import type { SplitData } from '../shard-layout';
import { checkSamples } from '../import-limits';
import { checkLayout, scanFolder, type ClassFolder } from './folder-scan';

const DEFAULT_SIZE = 32;
const PARALLEL = 4;

interface Job {
  file: string;
  label: number;
}

interface Decoded {
  split: SplitData;
  skipped: { file: string; reason: string }[];
}

async function decodeAll(root: string, jobs: Job[], options: ImportOptions, ctx: ImportContext, progress: (n: number) => void): Promise<Decoded> {
  const size = options.size ?? DEFAULT_SIZE;
  const channels = options.channels ?? 3;
  const sample = size * size * channels;
  const images = new Uint8Array(jobs.length * sample);
  const ok = new Uint8Array(jobs.length);
  const skipped: Decoded['skipped'] = [];
  let next = 0;
  let done = 0;
  let failure: unknown = null;
  const rel = (file: string) => relative(root, file).split(sep).join('/');
  const worker = async () => {
    while (failure === null && next < jobs.length) {
      if (ctx.signal?.aborted) {
        failure ??= new ImportCancelled();
        return;
      }
      const k = next++;
      const file = jobs[k]!.file;
      try {
        const data = await readFile(file).catch((e) => {
          throw new ImageProblem(readProblem(e));
        });
        images.set(await decodeImage(data, { size, channels }), k * sample);
        ok[k] = 1;
      } catch (e) {
        if (!(e instanceof ImageProblem) || options.badFiles === 'refuse') {
          failure ??= e instanceof ImageProblem ? badInput(rel(file), e.message) : e;
          return;
        }
        skipped.push({ file: rel(file), reason: e.message });
      }
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, jobs.length) }, worker));
  if (failure !== null) throw failure;
  // Leave out the skipped files: move the decoded samples together, in file order.
  let at = 0;
  const labels = new Uint8Array(jobs.length);
  for (let k = 0; k < jobs.length; k++) {
    if (!ok[k]) continue;
    if (at !== k) images.copyWithin(at * sample, k * sample, (k + 1) * sample);
    labels[at++] = jobs[k]!.label;
  }
  return { split: { images: images.subarray(0, at * sample), labels: labels.subarray(0, at), count: at }, skipped };
}

function jobsOf(classes: ClassFolder[], names: string[]): Job[] {
  return classes.flatMap((c) => c.files.map((file) => ({ file, label: names.indexOf(c.name) })));
}

async function detect(path: string): Promise<DatasetDetection | null> {
  const st = await stat(path).catch((e) => {
    throw readFailure(e, path);
  });
  if (!st.isDirectory()) return null;
  const layout = await scanFolder(path).catch(() => null);
  if (!layout) return null;
  const train = layout.splits.train ?? [];
  const files = Object.values(layout.splits)
    .flat()
    .reduce((n, c) => n + c.files.length, 0);
  if (train.length === 0 || files === 0) return null;
  const given = ['val', 'test'].filter((s) => layout.splits[s]);
  const splits = given.length ? `, train/${given.join('/')} folders` : '';
  return {
    format: 'folder',
    description: `image folder ${basename(path)} (${plural(train.length, 'class', 'classes')}, ${plural(files, 'file')}${splits})`,
    suggestedName: basename(path),
  };
}

async function read(path: string, options: ImportOptions, ctx: ImportContext): Promise<ImportedData> {
  const st = await stat(path).catch((e) => {
    throw readFailure(e, path);
  });
  if (!st.isDirectory()) throw badInput(basename(path), 'is a file: choose the folder that holds one subfolder per class');
  const layout = await scanFolder(path);
  const names = checkLayout(layout, basename(path));
  const splitNames = Object.keys(layout.splits);
  const total = splitNames.reduce((n, s) => n + layout.splits[s]!.reduce((m, c) => m + c.files.length, 0), 0);
  checkSamples(total, (options.size ?? DEFAULT_SIZE) ** 2 * (options.channels ?? 3), basename(path));
  let before = 0;
  const splits: Record<string, SplitData> = {};
  const skipped: Decoded['skipped'] = [];
  for (const split of splitNames) {
    const classes = layout.splits[split]!;
    const jobs = jobsOf(classes, names);
    const base = before;
    const decoded = await decodeAll(path, jobs, options, ctx, (n) =>
      ctx.progress((base + n) / total, `decoding images (${fmtInt(base + n)} of ${fmtInt(total)})`),
    );
    before += jobs.length;
    skipped.push(...decoded.skipped);
    const counts = classCounts(decoded.split.labels, names.length);
    for (const c of classes) {
      if (counts[names.indexOf(c.name)] === 0) throw badInput(c.display, `no readable images (all ${plural(c.files.length, 'file')} left out)`);
    }
    splits[split] = decoded.split;
  }
  if (skipped.length) {
    const shown = skipped
      .slice(0, 5)
      .map((s) => `${s.file} (${s.reason})`)
      .join('; ');
    ctx.warn(
      `left out ${plural(skipped.length, 'file')} that ${skipped.length === 1 ? 'is not a readable image' : 'are not readable images'}: ${shown}${skipped.length > 5 ? '; …' : ''}`,
    );
  }
  if (layout.looseFiles) ctx.warn(`ignored ${plural(layout.looseFiles, 'file')} outside the class folders`);
  const size = options.size ?? DEFAULT_SIZE;
  const channels = options.channels ?? 3;
  const prefix = layout.splits.val || layout.splits.test ? 'train/' : '';
  return {
    shape: [size, size, channels],
    classNames: names,
    splits: splits as ImportedData['splits'],
    description: `image folder ${basename(path)} (${plural(names.length, 'class', 'classes')}, ${plural(total - skipped.length, 'image')} resized to ${size}×${size}${channels === 1 ? ' grey' : ''}; ${SUPPORTED_IMAGES} read)`,
    suggestedName: basename(path),
    skippedFiles: skipped.length,
    classLocation: (k) => `${prefix}${names[k]}/`,
  };
}

export const folderImporter: Importer = { format: 'folder', label: 'image folder', detect, read };
