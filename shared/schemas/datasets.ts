// Schemas of the dataset channels: importing (format, size, channels, validation share, what to do
// with unreadable files), cancelling an import, detecting a format, deleting, and browsing samples.
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- control characters are exactly what a class name may not hold
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f]*$/;

const ImportFormat = z.enum(['auto', 'folder', 'cifar10', 'cifar100', 'idx', 'mnist-demo']);
/** Chosen by the caller so it can cancel and match progress events before the request returns. */
const ImportId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (at most 64)');

export const DatasetImportSchema = z
  .object({
    /** Absolute path of a folder, archive or file (not needed for the bundled demo). */
    path: z.string().max(4096).default(''),
    format: ImportFormat.default('auto'),
    name: z.string().trim().min(1).max(120).optional(),
    /** Image folders: target height and width in pixels (default 32). */
    size: z.number().int().min(4).max(512).optional(),
    /** Image folders: 1 (grey) or 3 (RGB, default). */
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
    /** Share of every training class carved out for validation (default 0.1). */
    val: z.number().min(0).max(0.9).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** Image folders: leave out unreadable files ('skip', counted) or refuse the import (default). */
    badFiles: z.enum(['skip', 'refuse']).default('refuse'),
    /** Names of the classes in label order, for formats that carry none (IDX: '0', '1', …). */
    classNames: z
      .array(z.string().trim().min(1).max(100).regex(NO_CONTROL_CHARACTERS, 'no control characters'))
      .min(2)
      .max(10_000)
      .refine((names) => new Set(names).size === names.length, { message: 'a class name appears twice' })
      .optional(),
    importId: ImportId.optional(),
  })
  .strict()
  .refine((v) => v.format === 'mnist-demo' || v.path.length > 0, { message: 'a file or folder is required', path: ['path'] });

export const DatasetCancelImportSchema = z.object({ importId: ImportId }).strict();

export const DatasetDetectSchema = z.object({ path: z.string().min(1).max(4096) }).strict();

export const DatasetDeleteSchema = z
  .object({
    id: z.string().min(1),
    /** Delete even when runs use it: its files go, the runs keep their history. */
    force: z.boolean().default(false),
  })
  .strict();

export const DatasetSamplesSchema = z
  .object({
    id: z.string().min(1),
    split: z.string().min(1).max(40).default('train'),
    /** Only samples of this class; all classes when absent. */
    classIndex: z.number().int().min(0).max(255).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(48),
  })
  .strict();
