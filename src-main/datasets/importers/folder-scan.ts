// The shape of an image folder: one subfolder per class (images may sit in nested folders inside
// it), or train/ (and val/, test/) folders that each hold the class subfolders; a given
// validation or test set is kept as it is. Hidden files and OS clutter are ignored; everything
// else inside a class folder is a candidate image, so a stray file is reported, not silently lost.
// Symbolic links are followed only inside the chosen folder; a link back to a containing folder is
// refused as a loop, and a file reached twice is taken once (so no image lands in train and val).
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { badInput, fmtInt, plural, readFailure } from '../import-errors';
import { realRoot, resolveEntry } from '../sources/path-guard';

export interface ClassFolder {
  name: string;
  /** Shown in messages: "cats/" or "train/cats/". */
  display: string;
  files: string[];
}

export interface FolderLayout {
  /** 'train' always; 'val' and 'test' when the folder has them. */
  splits: Record<string, ClassFolder[]>;
  /** Files at the top level or directly in a split folder (ignored). */
  looseFiles: number;
}

const SPLIT_DIRS: Record<string, string> = {
  train: 'train',
  training: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
  testing: 'test',
};
const CLUTTER = new Set(['thumbs.db', 'desktop.ini', '__macosx', 'icon\r']);
const ignored = (name: string) => name.startsWith('.') || CLUTTER.has(name.toLowerCase());

/** One scan: the real root (links may not leave it) and every real file already taken. */
interface Scan {
  rootReal: string;
  seenFiles: Set<string>;
}

interface Listing {
  dirs: { name: string; real: string }[];
  files: string[];
}

async function entries(scan: Scan, dir: string, display: string, ancestors: readonly string[]): Promise<Listing> {
  const list = await readdir(dir, { withFileTypes: true }).catch((e) => {
    throw readFailure(e, display);
  });
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const out: Listing = { dirs: [], files: [] };
  for (const e of list.sort((a, b) => byName(a.name, b.name))) {
    if (ignored(e.name)) continue;
    const shown = `${display.endsWith('/') ? display : `${display}/`}${e.name}`;
    const r = await resolveEntry(scan.rootReal, join(dir, e.name), shown);
    if (r.kind === 'dir') {
      if (ancestors.includes(r.real)) throw badInput(`${shown}/`, 'is a symbolic link loop (it leads back to a folder that contains it): remove it');
      out.dirs.push({ name: e.name, real: r.real });
    } else if (!scan.seenFiles.has(r.real)) {
      // The same image reached twice (a link to a file already listed) is imported once.
      scan.seenFiles.add(r.real);
      out.files.push(e.name);
    }
  }
  return out;
}

async function filesUnder(scan: Scan, dir: string, display: string, ancestors: readonly string[], depth = 0): Promise<string[]> {
  const { dirs, files } = await entries(scan, dir, display, ancestors);
  const out = files.map((f) => join(dir, f));
  if (depth < 8) for (const d of dirs) out.push(...(await filesUnder(scan, join(dir, d.name), `${display}${d.name}/`, [...ancestors, d.real], depth + 1)));
  return out;
}

async function classFolders(
  scan: Scan,
  dir: string,
  prefix: string,
  ancestors: readonly string[],
  listed?: Listing,
): Promise<{ classes: ClassFolder[]; loose: number }> {
  const { dirs, files } = listed ?? (await entries(scan, dir, prefix || basename(dir), ancestors));
  const classes: ClassFolder[] = [];
  for (const d of dirs) {
    const display = `${prefix}${d.name}/`;
    classes.push({ name: d.name, display, files: await filesUnder(scan, join(dir, d.name), display, [...ancestors, d.real]) });
  }
  return { classes, loose: files.length };
}

/** Reads the folder structure; throws for a folder without class subfolders. */
export async function scanFolder(root: string): Promise<FolderLayout> {
  const scan: Scan = { rootReal: await realRoot(root), seenFiles: new Set() };
  const top = await entries(scan, root, basename(root), [scan.rootReal]);
  if (top.dirs.length === 0) {
    const what = top.files.length ? `${plural(top.files.length, 'file')} but no subfolders` : 'an empty folder';
    throw badInput(basename(root), `${what}: an image folder needs one subfolder per class, named after the class`);
  }
  const splitNames = top.dirs.map((d) => SPLIT_DIRS[d.name.toLowerCase()]);
  const splitLayout = splitNames.includes('train') && splitNames.every((s) => s !== undefined);
  if (!splitLayout) {
    const { classes, loose } = await classFolders(scan, root, '', [scan.rootReal], top);
    return { splits: { train: classes }, looseFiles: loose };
  }
  const splits: Record<string, ClassFolder[]> = {};
  let looseFiles = top.files.length;
  for (const [i, { name: dir, real }] of top.dirs.entries()) {
    const split = splitNames[i]!;
    if (splits[split]) throw badInput(`${dir}/`, `a second ${split} folder (next to ${splits[split][0]?.display.split('/')[0] ?? split}/): keep only one`);
    const { classes, loose } = await classFolders(scan, join(root, dir), `${dir}/`, [scan.rootReal, real]);
    splits[split] = classes;
    looseFiles += loose;
  }
  return { splits, looseFiles };
}

/** Checks the class folders: each has files, and val/test only use training classes. */
export function checkLayout(layout: FolderLayout, rootName: string): string[] {
  const train = layout.splits.train!;
  if (train.length === 0) throw badInput('train/', 'no class subfolders');
  for (const c of Object.values(layout.splits).flat()) {
    if (c.files.length === 0) throw badInput(c.display, 'empty class folder (no images): add images or remove the folder');
  }
  const names = train.map((c) => c.name);
  for (const split of ['val', 'test']) {
    for (const c of layout.splits[split] ?? []) {
      if (!names.includes(c.name)) throw badInput(c.display, `class '${c.name}' is not among the ${fmtInt(names.length)} training classes`);
    }
  }
  if (names.length > 256) throw badInput(rootName, `${fmtInt(names.length)} classes: at most 256 are supported`);
  return names;
}
