// The shape of an image folder: one subfolder per class (images may sit in nested folders inside
// it), or train/ (and val/, test/) folders that each hold the class subfolders; a given
// validation or test set is kept as it is. Hidden files and OS clutter are ignored; everything
// else inside a class folder is a candidate image, so a stray file is reported, not silently lost.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { badInput, fmtInt, plural, readFailure } from '../import-errors';

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
  train: 'train', training: 'train',
  val: 'val', valid: 'val', validation: 'val',
  test: 'test', testing: 'test',
};
const CLUTTER = new Set(['thumbs.db', 'desktop.ini', '__macosx', 'icon\r']);
const ignored = (name: string) => name.startsWith('.') || CLUTTER.has(name.toLowerCase());

async function entries(dir: string, display: string): Promise<{ dirs: string[]; files: string[] }> {
  const list = await readdir(dir, { withFileTypes: true }).catch((e) => {
    throw readFailure(e, display);
  });
  const dirs: string[] = [];
  const files: string[] = [];
  for (const e of list) {
    if (ignored(e.name)) continue;
    const full = join(dir, e.name);
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(full).then((s) => s.isDirectory(), () => false)));
    (isDir ? dirs : files).push(e.name);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { dirs: dirs.sort(byName), files: files.sort(byName) };
}

async function filesUnder(dir: string, display: string, depth = 0): Promise<string[]> {
  const { dirs, files } = await entries(dir, display);
  const out = files.map((f) => join(dir, f));
  if (depth < 8) for (const d of dirs) out.push(...(await filesUnder(join(dir, d), `${display}${d}/`, depth + 1)));
  return out;
}

async function classFolders(dir: string, prefix: string): Promise<{ classes: ClassFolder[]; loose: number }> {
  const { dirs, files } = await entries(dir, prefix || basename(dir));
  const classes: ClassFolder[] = [];
  for (const name of dirs) {
    const display = `${prefix}${name}/`;
    classes.push({ name, display, files: await filesUnder(join(dir, name), display) });
  }
  return { classes, loose: files.length };
}

/** Reads the folder structure; throws for a folder without class subfolders. */
export async function scanFolder(root: string): Promise<FolderLayout> {
  const top = await entries(root, basename(root));
  if (top.dirs.length === 0) {
    const what = top.files.length ? `${plural(top.files.length, 'file')} but no subfolders` : 'an empty folder';
    throw badInput(basename(root), `${what}: an image folder needs one subfolder per class, named after the class`);
  }
  const splitNames = top.dirs.map((d) => SPLIT_DIRS[d.toLowerCase()]);
  const splitLayout = splitNames.includes('train') && splitNames.every((s) => s !== undefined);
  if (!splitLayout) {
    const { classes, loose } = await classFolders(root, '');
    return { splits: { train: classes }, looseFiles: loose };
  }
  const splits: Record<string, ClassFolder[]> = {};
  let looseFiles = top.files.length;
  for (const [i, dir] of top.dirs.entries()) {
    const split = splitNames[i]!;
    if (splits[split]) throw badInput(`${dir}/`, `a second ${split} folder (next to ${splits[split]![0]?.display.split('/')[0] ?? split}/): keep only one`);
    const { classes, loose } = await classFolders(join(root, dir), `${dir}/`);
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
