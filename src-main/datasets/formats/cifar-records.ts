// CIFAR binary batches (https://www.cs.toronto.edu/~kriz/cifar.html): fixed-size records of
// label byte(s) followed by 3,072 pixel bytes stored plane by plane (1,024 red, 1,024 green,
// 1,024 blue, 32×32 row-major). CIFAR-10 has one label byte (0–9); CIFAR-100 two: coarse (0–19)
// then fine (0–99). Parsed into interleaved [N, 32, 32, 3] uint8, labels validated.
import { badInput, fmtInt } from '../import-errors';

export interface CifarVariant {
  name: 'CIFAR-10' | 'CIFAR-100';
  labelBytes: 1 | 2;
  fineClasses: number;
  coarseClasses: number; // 0 when there are none
}

export const CIFAR10: CifarVariant = { name: 'CIFAR-10', labelBytes: 1, fineClasses: 10, coarseClasses: 0 };
export const CIFAR100: CifarVariant = { name: 'CIFAR-100', labelBytes: 2, fineClasses: 100, coarseClasses: 20 };

export const CIFAR_SIDE = 32;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
const PIXELS = PLANE * 3;
export const recordBytes = (v: CifarVariant) => v.labelBytes + PIXELS;

export interface CifarBatch {
  images: Uint8Array; // [count, 32, 32, 3]
  labels: Uint8Array; // fine labels
  coarseLabels?: Uint8Array;
  count: number;
}

function checkLength(data: Uint8Array, file: string, v: CifarVariant): number {
  const rec = recordBytes(v);
  if (data.length === 0) throw badInput(file, 'empty file (0 bytes)');
  if (data.length % rec !== 0) {
    const other = v.labelBytes === 1 ? CIFAR100 : CIFAR10;
    const hint = data.length % recordBytes(other) === 0 ? ` (its size fits ${other.name} records: is this ${other.name} data?)` : '';
    throw badInput(file, `truncated or damaged: ${fmtInt(data.length)} bytes, expected a multiple of ${fmtInt(rec)} (one ${v.name} record)${hint}`);
  }
  return data.length / rec;
}

function checkLabel(value: number, max: number, file: string, record: number, what: string): void {
  if (value >= max) {
    throw badInput(
      file,
      `record ${fmtInt(record + 1)} has ${what} ${value}, expected 0–${max - 1} (damaged file, or not ${max === 10 ? 'CIFAR-10' : 'CIFAR-100'} data?)`,
    );
  }
}

/** Parses one batch file; throws a message naming `file` when its size or a label is wrong. */
export function parseCifarBatch(data: Uint8Array, file: string, v: CifarVariant): CifarBatch {
  const count = checkLength(data, file, v);
  const rec = recordBytes(v);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  const coarse = v.coarseClasses ? new Uint8Array(count) : undefined;
  for (let r = 0; r < count; r++) {
    const base = r * rec;
    const fine = data[base + v.labelBytes - 1]!;
    checkLabel(fine, v.fineClasses, file, r, v.coarseClasses ? 'fine label' : 'label');
    labels[r] = fine;
    if (coarse) {
      checkLabel(data[base]!, v.coarseClasses, file, r, 'coarse label');
      coarse[r] = data[base]!;
    }
    const px = base + v.labelBytes;
    const out = r * PIXELS;
    for (let p = 0; p < PLANE; p++) {
      const o = out + p * 3;
      images[o] = data[px + p]!;
      images[o + 1] = data[px + PLANE + p]!;
      images[o + 2] = data[px + 2 * PLANE + p]!;
    }
  }
  return coarse ? { images, labels, coarseLabels: coarse, count } : { images, labels, count };
}

/** Class names from a meta file (one per line, blank lines ignored); exactly `expected` of them. */
export function parseClassNames(text: string, file: string, expected: number): string[] {
  const names = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (names.length !== expected) throw badInput(file, `${fmtInt(names.length)} class names, expected ${expected}`);
  if (new Set(names).size !== names.length) throw badInput(file, 'the same class name appears twice');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a class name may not hold
  if (names.some((n) => n.length > 100 || /[\u0000-\u001f]/.test(n))) throw badInput(file, 'not a text file of class names');
  return names;
}

export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
