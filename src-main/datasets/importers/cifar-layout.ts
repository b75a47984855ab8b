// Which files make up a CIFAR binary dataset, as distributed: CIFAR-10 has data_batch_1..5.bin,
// test_batch.bin and batches.meta.txt (class names); CIFAR-100 has train.bin, test.bin,
// fine_label_names.txt and coarse_label_names.txt. Inside the .tar.gz they sit in one folder.
import { CIFAR10, CIFAR10_CLASS_NAMES, CIFAR100, type CifarVariant } from '../formats/cifar-records';

export interface CifarLayout {
  format: 'cifar10' | 'cifar100';
  variant: CifarVariant;
  /** Order of a training file (batch number), or null when `base` is not one. */
  trainOrder(base: string): number | null;
  testFile: string;
  fineNamesFile: string;
  coarseNamesFile: string | null;
  /** Names used when the meta file is missing (null: numbered names). */
  defaultClassNames: string[] | null;
  expectedTrainFiles: number;
  /** Names that only this layout has: seeing one is enough to recognise it. */
  isDecisive(base: string): boolean;
}

const batchNumber = (base: string): number | null => {
  const m = /^data_batch_(\d+)\.bin$/.exec(base);
  return m ? Number(m[1]) : null;
};

export const CIFAR10_LAYOUT: CifarLayout = {
  format: 'cifar10',
  variant: CIFAR10,
  trainOrder: batchNumber,
  testFile: 'test_batch.bin',
  fineNamesFile: 'batches.meta.txt',
  coarseNamesFile: null,
  defaultClassNames: CIFAR10_CLASS_NAMES,
  expectedTrainFiles: 5,
  isDecisive: (base) => batchNumber(base) !== null || base === 'test_batch.bin' || base === 'batches.meta.txt',
};

export const CIFAR100_LAYOUT: CifarLayout = {
  format: 'cifar100',
  variant: CIFAR100,
  trainOrder: (base) => (base === 'train.bin' ? 1 : null),
  testFile: 'test.bin',
  fineNamesFile: 'fine_label_names.txt',
  coarseNamesFile: 'coarse_label_names.txt',
  defaultClassNames: null,
  expectedTrainFiles: 1,
  isDecisive: (base) => base === 'fine_label_names.txt' || base === 'coarse_label_names.txt',
};

/** Files of the layout the importer reads (everything else in a folder or archive is ignored). */
export const isLayoutMember = (l: CifarLayout, base: string): boolean =>
  l.trainOrder(base) !== null || base === l.testFile || base === l.fineNamesFile || base === l.coarseNamesFile;
