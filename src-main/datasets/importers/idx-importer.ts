// MNIST-style IDX files (MNIST, Fashion-MNIST, KMNIST, ...): train images + labels and, when
// present, the t10k test pair (kept as the test split); raw or gzip. Class names are the label
// numbers, or the Fashion-MNIST names when the folder's path says "fashion".
import { readFile, stat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import type { DatasetDetection } from '../../../shared/types';
import { parseIdx, type IdxArray } from '../formats/idx-file';
import { badInput, fmtInt, readFailure, throwIfCancelled } from '../import-errors';
import type { ImportContext, ImportedData, Importer } from '../import-types';
import type { SplitData } from '../shard-layout';
import { checkFileSize, checkSamples } from '../import-limits';
import { maybeGunzip } from '../sources/gzip';
import { NOT_REGULAR } from '../sources/path-guard';
import { listFolderFiles, sourceKind } from '../sources/source-files';
import { yieldToEventLoop } from '../split-data';
import { expectedName, FASHION_MNIST_CLASS_NAMES, idxRole, pickIdxFiles, type IdxKind, type IdxSplit } from './idx-layout';

const MAX_SIDE = 1024;

/** The IDX files of a folder, or of the folder of a chosen IDX file; null for any other file. */
async function findFiles(path: string): Promise<{ root: string; files: Map<string, string> } | null> {
  const source = await sourceKind(path, {});
  if (source.kind !== 'folder') throw new Error('unreachable');
  // A chosen file (an archive, say) is judged by itself, never by what lies next to it.
  if (source.root !== path && !idxRole(basename(path))) return null;
  return { root: source.root, files: pickIdxFiles(await listFolderFiles(source.root)) };
}

async function detect(path: string): Promise<DatasetDetection | null> {
  const found = await findFiles(path);
  if (!found) return null;
  const { root, files } = found;
  if (!files.has('train/images') && !files.has('train/labels')) return null;
  const fashion = /fashion/i.test(root);
  const test = files.has('test/images') ? 'train and test pairs' : 'train pair only';
  const gz = [...files.values()].some((f) => f.endsWith('.gz')) ? ', gzip' : '';
  return {
    format: 'idx',
    description: `${fashion ? 'Fashion-MNIST' : 'MNIST-style'} IDX files in ${basename(root)} (${test}${gz})`,
    suggestedName: fashion ? 'Fashion-MNIST' : /kmnist/i.test(root) ? 'KMNIST' : 'MNIST',
  };
}

interface LoadedFile {
  name: string;
  idx: IdxArray;
}

async function load(root: string, file: string): Promise<LoadedFile> {
  const name = relative(root, file).split(sep).join('/');
  const st = await stat(file).catch((e) => {
    throw readFailure(e, name);
  });
  if (!st.isFile()) throw badInput(name, NOT_REGULAR);
  checkFileSize(st.size, name);
  const raw = await readFile(file).catch((e) => {
    throw readFailure(e, name);
  });
  return { name, idx: parseIdx(await maybeGunzip(raw, name), name) };
}

function checkImages({ name, idx }: LoadedFile): [number, number, number] {
  const d = idx.dims;
  const [, h = 0, w = 0] = d;
  const c = d.length === 4 ? d[3]! : 1;
  if (d.length !== 3 && !(d.length === 4 && (c === 1 || c === 3))) {
    throw badInput(
      name,
      `IDX header says ${d.length} dimension${d.length === 1 ? '' : 's'} (${d.map(fmtInt).join(' × ')}), expected 3 for images (count × height × width)`,
    );
  }
  if (d[0] === 0) throw badInput(name, 'holds no images (count 0 in the header)');
  if (h < 1 || w < 1 || h > MAX_SIDE || w > MAX_SIDE)
    throw badInput(name, `images of ${fmtInt(h)}×${fmtInt(w)} pixels: damaged header? (1 to ${MAX_SIDE} expected)`);
  return [h, w, c];
}

function pair(images: LoadedFile, labels: LoadedFile): SplitData {
  if (labels.idx.dims.length !== 1) {
    throw badInput(labels.name, `IDX header says ${labels.idx.dims.length} dimensions, expected 1 for labels (is this an images file?)`);
  }
  const n = images.idx.dims[0]!;
  if (labels.idx.dims[0] !== n) {
    throw badInput(labels.name, `${fmtInt(labels.idx.dims[0]!)} labels, but ${images.name} has ${fmtInt(n)} images: the files do not belong together`);
  }
  return { images: images.idx.data, labels: labels.idx.data, count: n };
}

async function read(path: string, options: { size?: number; channels?: 1 | 3 }, ctx: ImportContext): Promise<ImportedData> {
  const found = await findFiles(path);
  if (!found) throw badInput(basename(path), `not an IDX file (expected a folder of IDX files, or one named like ${expectedName('train', 'images')})`);
  const { root, files } = found;
  const need = (split: IdxSplit, kind: IdxKind, partner?: string): string => {
    const f = files.get(`${split}/${kind}`);
    if (f) return f;
    if (partner) throw badInput(partner, `has no matching ${expectedName(split, kind)} file`);
    throw badInput(basename(root), `no ${expectedName(split, kind)} file found`);
  };
  const roles: [IdxSplit, IdxKind][] = [
    ['train', 'images'],
    ['train', 'labels'],
  ];
  const testPartner = files.get('test/images') ?? files.get('test/labels');
  if (testPartner) roles.push(['test', 'images'], ['test', 'labels']);
  const loaded = new Map<string, LoadedFile>();
  for (const [k, [split, kind]] of roles.entries()) {
    throwIfCancelled(ctx.signal);
    const partner = split === 'test' ? relative(root, testPartner!).split(sep).join('/') : undefined;
    loaded.set(`${split}/${kind}`, await load(root, need(split, kind, partner)));
    ctx.progress((k + 1) / roles.length, `reading ${expectedName(split, kind).replace('[.gz]', '')}`);
    await yieldToEventLoop();
  }
  const trainImages = loaded.get('train/images')!;
  const shape = checkImages(trainImages);
  const train = pair(trainImages, loaded.get('train/labels')!);
  let test: SplitData | undefined;
  if (testPartner) {
    const testImages = loaded.get('test/images')!;
    const testShape = checkImages(testImages);
    if (testShape.join() !== shape.join()) {
      throw badInput(testImages.name, `images are ${testShape.join('×')}, but the training images are ${shape.join('×')}`);
    }
    test = pair(testImages, loaded.get('test/labels')!);
  }
  checkSamples(train.count + (test?.count ?? 0), shape[0] * shape[1] * shape[2], basename(root));
  if (options.size !== undefined && options.size !== shape[0])
    ctx.warn(`IDX images keep their ${shape[0]}×${shape[1]} size (the size option applies to image folders)`);
  let maxLabel = 0;
  for (const s of [train, test]) if (s) for (const l of s.labels) if (l > maxLabel) maxLabel = l;
  const numClasses = maxLabel + 1;
  const fashion = /fashion/i.test(root) && numClasses === 10;
  const classNames = fashion ? FASHION_MNIST_CLASS_NAMES : Array.from({ length: numClasses }, (_, i) => String(i));
  const detected = await detect(path);
  return {
    shape,
    classNames,
    splits: test ? { train, test } : { train },
    description: `${fashion ? 'Fashion-MNIST' : 'MNIST-style'} IDX files from ${basename(root)} (train ${fmtInt(train.count)}${test ? `, test ${fmtInt(test.count)}` : ''}, ${shape.join('×')})`,
    suggestedName: detected?.suggestedName ?? 'MNIST',
    classLocation: (k) => `${loaded.get('train/labels')!.name}: class '${classNames[k]}'`,
  };
}

export const idxImporter: Importer = { format: 'idx', label: 'MNIST-style IDX', detect, read };
