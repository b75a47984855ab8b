import { describe, expect, it } from 'vitest';
import { DatasetImportSchema } from '../../../../shared/schemas/datasets';
import type { DatasetDetection } from '../../../../shared/types';
import {
  effectiveFormat,
  emptyImportForm,
  importRequest,
  isAbsolutePath,
  newImportId,
  validateImportForm,
  type ImportForm,
} from '../../../../src-renderer/lib/form/dataset-import-form';

const folder: DatasetDetection = { format: 'folder', description: 'image folder pets (3 classes, 18 files)', suggestedName: 'pets' };
const cifar: DatasetDetection = { format: 'cifar10', description: 'CIFAR-10 binary batches', suggestedName: 'CIFAR-10' };
const form = (p: Partial<ImportForm>): ImportForm => ({ ...emptyImportForm(), ...p });

describe('dataset-import-form', () => {
  it('recognises absolute paths on every platform', () => {
    for (const p of ['/data/cifar', 'C:\\data\\cifar', 'd:/x', '\\\\server\\share\\x']) expect(isAbsolutePath(p), p).toBe(true);
    for (const p of ['data/cifar', './x', '~/x', 'C:', '', 'cifar.tar.gz']) expect(isAbsolutePath(p), p).toBe(false);
  });

  it('asks for a path, an absolute one', () => {
    expect(validateImportForm(form({ path: '  ' }), null).path).toMatch(/Enter the path/);
    expect(validateImportForm(form({ path: 'cifar' }), null).path).toMatch(/absolute path/);
    expect(validateImportForm(form({ path: '/data/cifar' }), null)).toEqual({});
  });

  it('checks the validation share', () => {
    expect(validateImportForm(form({ path: '/d', valPercent: '' }), null).valPercent).toMatch(/number/);
    expect(validateImportForm(form({ path: '/d', valPercent: 'ten' }), null).valPercent).toMatch(/number/);
    expect(validateImportForm(form({ path: '/d', valPercent: '95' }), null).valPercent).toBe('Between 0 and 90 %');
    expect(validateImportForm(form({ path: '/d', valPercent: '-1' }), null).valPercent).toBe('Between 0 and 90 %');
    expect(validateImportForm(form({ path: '/d', valPercent: '0' }), null)).toEqual({});
  });

  it('checks the image size only for image folders', () => {
    const bad = form({ path: '/d', size: '2' });
    expect(validateImportForm(bad, cifar)).toEqual({});
    expect(validateImportForm(bad, folder).size).toBe('Between 4 and 512 pixels');
    expect(validateImportForm(form({ path: '/d', size: '31.5' }), folder).size).toMatch(/whole number/);
    expect(validateImportForm(form({ path: '/d', size: '2', format: 'folder' }), null).size).toBe('Between 4 and 512 pixels');
  });

  it("uses what detection found when the format is 'auto'", () => {
    expect(effectiveFormat({ format: 'auto' }, folder)).toBe('folder');
    expect(effectiveFormat({ format: 'auto' }, null)).toBe('auto');
    expect(effectiveFormat({ format: 'idx' }, folder)).toBe('idx');
  });

  it('builds a request the contract accepts, with folder options only for folders', () => {
    const f = form({ path: ' /data/pets ', name: ' Pets ', valPercent: '12.5', size: '64', channels: 1, badFiles: 'skip' });
    const forFolder = importRequest(f, folder, 'imp-1');
    expect(forFolder).toEqual({ path: '/data/pets', format: 'auto', val: 0.125, importId: 'imp-1', name: 'Pets', size: 64, channels: 1, badFiles: 'skip' });
    expect(DatasetImportSchema.safeParse(forFolder).success).toBe(true);
    const forCifar = importRequest(form({ path: '/data/cifar-10-binary.tar.gz' }), cifar, 'imp-2');
    expect(forCifar).toEqual({ path: '/data/cifar-10-binary.tar.gz', format: 'auto', val: 0.1, importId: 'imp-2' });
    expect(DatasetImportSchema.safeParse(forCifar).success).toBe(true);
  });

  it('makes import ids the contract accepts, different each time', () => {
    const id = newImportId(1_700_000_000_000, () => 0.5);
    expect(id).toBe(`imp-${(1_700_000_000_000).toString(36)}-${Math.floor(0.5 * 36 ** 6).toString(36)}`);
    expect(newImportId(0, () => 0)).toBe('imp-0-000000');
    expect(DatasetImportSchema.safeParse({ path: '/x', importId: newImportId() }).success).toBe(true);
    expect(newImportId()).not.toBe(newImportId());
  });
});
