// What an import may read inside a chosen folder: regular files and folders, reached through
// symbolic links only when the link resolves inside the chosen folder. Devices, pipes and sockets
// would block a read forever; a link out of the folder would import files the folder's author
// chose from the importer's disk; a link to an ancestor would repeat the same images.
import { lstat, realpath, stat } from 'node:fs/promises';
import { isInside } from '../../path-inside';
import { badInput, readFailure } from '../import-errors';

export const NOT_REGULAR = 'is not a regular file or folder (a device, pipe or socket cannot be imported)';

export interface ResolvedEntry {
  kind: 'file' | 'dir';
  /** The real path (symbolic links resolved). */
  real: string;
  size: number;
}

/** The real path of a chosen root folder (its own symlinks are the user's choice). */
export async function realRoot(root: string): Promise<string> {
  return realpath(root).catch((e) => {
    throw readFailure(e, root);
  });
}

/** Resolves `full` (found under the real folder `rootReal`), shown as `shown` in messages. */
export async function resolveEntry(rootReal: string, full: string, shown: string): Promise<ResolvedEntry> {
  const own = await lstat(full).catch((e) => {
    throw readFailure(e, shown);
  });
  // Real paths for everything, so a file and a link to it compare equal.
  const real = await realpath(full).catch((e) => {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw badInput(shown, 'is a symbolic link loop: remove it');
    throw readFailure(e, shown);
  });
  if (own.isSymbolicLink() && !isInside(rootReal, real))
    throw badInput(shown, `is a symbolic link to ${real}, outside the imported folder: copy the file in instead`);
  const st = own.isSymbolicLink()
    ? await stat(real).catch((e) => {
        throw readFailure(e, shown);
      })
    : own;
  if (st.isDirectory()) return { kind: 'dir', real, size: 0 };
  if (st.isFile()) return { kind: 'file', real, size: st.size };
  throw badInput(shown, NOT_REGULAR);
}
