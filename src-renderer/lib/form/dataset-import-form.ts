// The import dialog's form as plain data: defaults, inline validation with messages a person can
// act on, and the `datasets:import` request it becomes. Options that only image folders read
// (size, channels, unreadable files) are sent only when the import is an image folder.
import type { RequestInput } from '../../../shared/contract';
import type { DatasetDetection, DatasetImportFormat } from '../../../shared/types';

export interface ImportForm {
  path: string;
  format: DatasetImportFormat;
  name: string;
  /** Validation share in percent, as typed. */
  valPercent: string;
  /** Image folders: target side in pixels, as typed. */
  size: string;
  channels: 1 | 3;
  badFiles: 'skip' | 'refuse';
}

export type ImportFormErrors = Partial<Record<'path' | 'valPercent' | 'size' | 'name', string>>;

export const IMPORT_FORMATS: readonly DatasetImportFormat[] = ['auto', 'folder', 'cifar10', 'cifar100', 'idx'];

export function emptyImportForm(): ImportForm {
  return { path: '', format: 'auto', name: '', valPercent: '10', size: '32', channels: 3, badFiles: 'refuse' };
}

/** POSIX (/data/x), Windows drive (C:\x, C:/x) or UNC (\\server\share) paths. */
export function isAbsolutePath(p: string): boolean {
  return /^\//.test(p) || /^[A-Za-z]:[\\/]/.test(p) || /^\\\\[^\\]/.test(p);
}

/** The format the import will use: the chosen one, or what detection found for 'auto'. */
export function effectiveFormat(form: Pick<ImportForm, 'format'>, detection: DatasetDetection | null): DatasetImportFormat {
  return form.format === 'auto' && detection ? detection.format : form.format;
}

const parseNumber = (s: string): number | null => {
  const t = s.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};

export function validateImportForm(form: ImportForm, detection: DatasetDetection | null): ImportFormErrors {
  const errors: ImportFormErrors = {};
  const path = form.path.trim();
  if (!path) errors.path = 'Enter the path of a file or folder to import';
  else if (!isAbsolutePath(path)) errors.path = 'Use an absolute path, e.g. /data/cifar-10-binary.tar.gz';
  const val = parseNumber(form.valPercent);
  if (val === null) errors.valPercent = 'Enter a number of percent (0 keeps all training samples)';
  else if (val < 0 || val > 90) errors.valPercent = 'Between 0 and 90 %';
  if (effectiveFormat(form, detection) === 'folder') {
    const size = parseNumber(form.size);
    if (size === null || !Number.isInteger(size)) errors.size = 'A whole number of pixels, e.g. 32';
    else if (size < 4 || size > 512) errors.size = 'Between 4 and 512 pixels';
  }
  if (form.name.trim().length > 120) errors.name = 'At most 120 characters';
  return errors;
}

/** The request for `datasets:import`; call only when `validateImportForm` found nothing. */
export function importRequest(form: ImportForm, detection: DatasetDetection | null, importId: string): RequestInput<'datasets:import'> {
  const req: RequestInput<'datasets:import'> = {
    path: form.path.trim(),
    format: form.format,
    val: Math.round(Number(form.valPercent) * 100) / 10_000,
    importId,
  };
  const name = form.name.trim();
  if (name) req.name = name;
  if (effectiveFormat(form, detection) === 'folder') {
    req.size = Number(form.size);
    req.channels = form.channels;
    req.badFiles = form.badFiles;
  }
  return req;
}

/** An id the UI picks so it can match progress events and cancel before the request returns. */
export function newImportId(now: number = Date.now(), random: () => number = Math.random): string {
  const suffix = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `imp-${now.toString(36)}-${suffix}`;
}
