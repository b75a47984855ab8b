// CIFAR-10 and CIFAR-100, binary version: the .tar.gz as distributed (streamed, one member in
// memory at a time), its extracted folder, or one of its .bin files (its folder is used). The
// given test batch becomes the test split; class names come from the meta files (CIFAR-100:
// fine names, plus coarse names and labels stored alongside). Training batches are joined in
// batch order, so the archive and the extracted files import to the same fingerprint.
import { basename } from 'node:path';
import type { DatasetDetection } from '../../../shared/types';
import { CIFAR_SIDE, parseCifarBatch, parseClassNames, type CifarBatch } from '../formats/cifar-records';
import { badInput, fmtInt, plural } from '../import-errors';
import { checkSamples } from '../import-limits';
import type { ImportContext, ImportedData, Importer } from '../import-types';
import { listSourceNames, readSourceFiles, sourceKind } from '../sources/source-files';
import { concatSplits, yieldToEventLoop } from '../split-data';
import { CIFAR10_LAYOUT, CIFAR100_LAYOUT, isLayoutMember, type CifarLayout } from './cifar-layout';

const SAMPLE_BYTES = CIFAR_SIDE * CIFAR_SIDE * 3;
const LAYOUTS = [CIFAR10_LAYOUT, CIFAR100_LAYOUT];
const anyMember = (base: string) => LAYOUTS.some((l) => isLayoutMember(l, base));

/** Which layout a list of member names belongs to (CIFAR-10 names win: they are unambiguous). */
export function layoutOfNames(names: readonly string[]): CifarLayout | null {
  if (names.some((n) => CIFAR10_LAYOUT.isDecisive(n))) return CIFAR10_LAYOUT;
  if (names.some((n) => CIFAR100_LAYOUT.isDecisive(n) || n === 'train.bin')) return CIFAR100_LAYOUT;
  return null;
}

function describe(l: CifarLayout, names: readonly string[], where: string): string {
  const train = names.filter((n) => l.trainOrder(n) !== null).length;
  const parts = [
    l.expectedTrainFiles > 1 ? plural(train, 'training batch', 'training batches') : train ? 'training set' : 'no training set',
    names.includes(l.testFile) ? 'test set' : 'no test set',
    names.includes(l.fineNamesFile) ? 'class names' : 'no class names file',
  ];
  return `${l.variant.name} binary ${where} (${parts.join(', ')})`;
}

async function detectWith(l: CifarLayout, path: string): Promise<DatasetDetection | null> {
  const source = await sourceKind(path, { archives: true, isMember: anyMember });
  const names = await listSourceNames(
    path,
    { archives: true, isMember: anyMember },
    (seen) => layoutOfNames(seen) !== null && seen.some((n) => LAYOUTS.some((x) => x.isDecisive(n))),
  );
  if (layoutOfNames(names) !== l) return null;
  const where = source.kind === 'archive' ? `archive ${basename(source.file)}` : `files in ${basename(source.root)}`;
  const description = source.kind === 'archive' ? `${l.variant.name} binary ${where}` : describe(l, names, where);
  return { format: l.format, description, suggestedName: l.variant.name };
}

interface Collected {
  train: Map<number, { batch: CifarBatch; name: string }>;
  test: { batch: CifarBatch; name: string } | null;
  texts: Map<string, { text: string; name: string }>;
  seen: Map<string, string>;
}

async function collect(l: CifarLayout, path: string, ctx: ImportContext): Promise<Collected> {
  const got: Collected = { train: new Map(), test: null, texts: new Map(), seen: new Map() };
  const files = readSourceFiles(path, (base) => isLayoutMember(l, base), {
    archives: true,
    isMember: anyMember,
    signal: ctx.signal,
    onBytes: (done, total) => ctx.progress(total > 0 ? done / total : 0, `reading ${l.variant.name} files`),
  });
  for await (const item of files) {
    const first = got.seen.get(item.base);
    if (first) throw badInput(item.name, `a second copy of ${item.base} (the first is ${first}): keep only one`);
    got.seen.set(item.base, item.name);
    const order = l.trainOrder(item.base);
    if (order !== null) got.train.set(order, { batch: parseCifarBatch(item.data, item.name, l.variant), name: item.name });
    else if (item.base === l.testFile) got.test = { batch: parseCifarBatch(item.data, item.name, l.variant), name: item.name };
    else got.texts.set(item.base, { text: item.data.toString('utf8'), name: item.name });
    // Batches are held until all are read: stop as soon as they exceed what one dataset may hold.
    const samples = [...got.train.values(), ...(got.test ? [got.test] : [])].reduce((n, b) => n + b.batch.count, 0);
    checkSamples(samples, SAMPLE_BYTES, item.name);
    await yieldToEventLoop();
  }
  return got;
}

function classNames(l: CifarLayout, got: Collected, file: string | null, expected: number, fallback: string[] | null, ctx: ImportContext): string[] {
  const meta = file ? got.texts.get(file) : undefined;
  if (meta) return parseClassNames(meta.text, meta.name, expected);
  const names = fallback ?? Array.from({ length: expected }, (_, i) => `class ${i}`);
  if (file) ctx.warn(`${file} not found: ${fallback ? `using the standard ${l.variant.name} class names` : 'classes are numbered'}`);
  return names;
}

function cifarImporter(l: CifarLayout): Importer {
  const other = l === CIFAR10_LAYOUT ? CIFAR100_LAYOUT : CIFAR10_LAYOUT;
  return {
    format: l.format,
    label: `${l.variant.name} binary`,
    detect: (path) => detectWith(l, path),
    async read(path, options, ctx): Promise<ImportedData> {
      if (options.size !== undefined && options.size !== CIFAR_SIDE)
        ctx.warn(`${l.variant.name} images keep their 32×32 size (the size option applies to image folders)`);
      if (options.channels === 1) ctx.warn(`${l.variant.name} images keep their 3 colour channels (the channels option applies to image folders)`);
      const got = await collect(l, path, ctx);
      const source = basename(path);
      if (got.train.size === 0) {
        const names = await listSourceNames(path, { archives: true, isMember: anyMember }).catch(() => [] as string[]);
        const hint = layoutOfNames(names) === other ? `; it looks like ${other.variant.name} data (choose that format)` : '';
        const expected = l.expectedTrainFiles > 1 ? 'data_batch_1.bin … data_batch_5.bin' : 'train.bin';
        throw badInput(source, `no ${l.variant.name} training data found (expected ${expected})${hint}`);
      }
      const orders = [...got.train.keys()].sort((a, b) => a - b);
      if (l.expectedTrainFiles > 1) {
        const missing = Array.from({ length: l.expectedTrainFiles }, (_, i) => i + 1).filter((n) => !got.train.has(n));
        if (missing.length)
          ctx.warn(`training batches ${missing.map((n) => `data_batch_${n}.bin`).join(', ')} not found: imported ${orders.length} of ${l.expectedTrainFiles}`);
      }
      if (!got.test) ctx.warn(`${l.testFile} not found: the dataset has no test split`);
      const train = concatSplits(
        orders.map((o) => got.train.get(o)!.batch),
        SAMPLE_BYTES,
      );
      const fine = classNames(l, got, l.fineNamesFile, l.variant.fineClasses, l.defaultClassNames, ctx);
      const coarse = l.coarseNamesFile ? classNames(l, got, l.coarseNamesFile, l.variant.coarseClasses, null, ctx) : undefined;
      const counts = `train ${fmtInt(train.count)}${got.test ? `, test ${fmtInt(got.test.batch.count)}` : ''}`;
      return {
        shape: [CIFAR_SIDE, CIFAR_SIDE, 3],
        classNames: fine,
        ...(coarse ? { coarseClassNames: coarse } : {}),
        splits: got.test ? { train, test: got.test.batch } : { train },
        description: `${l.variant.name} binary from ${source} (${counts})`,
        suggestedName: l.variant.name,
      };
    },
  };
}

export const cifar10Importer = cifarImporter(CIFAR10_LAYOUT);
export const cifar100Importer = cifarImporter(CIFAR100_LAYOUT);
