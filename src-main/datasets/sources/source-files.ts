// The files an importer reads, wherever they are: in a folder (searched two levels deep, so both
// `cifar-10-batches-bin/` and its parent work), next to a chosen file, or inside a .tar / .tar.gz
// archive (streamed: one entry in memory at a time). Names are shown as the user would find them:
// "cifar-10-batches-bin/data_batch_3.bin", or "cifar-10-binary.tar.gz: cifar-10-batches-bin/data_batch_3.bin".
// Only regular files are read, each within the caps of import-limits.ts.
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { badInput, readFailure, throwIfCancelled } from '../import-errors';
import { gunzipBounded } from '../../bounded-gunzip';
import { checkFileSize, inflationCaps, inflationRefused } from '../import-limits';
import { gzipFailure, isGzip, maybeGunzip } from './gzip';
import { NOT_REGULAR, realRoot, resolveEntry } from './path-guard';
import { TarParser, type TarEntry } from './tar-reader';

export interface SourceItem {
  /** As shown in messages. */
  name: string;
  base: string;
  data: Buffer;
}

export interface SourceFileOptions {
  signal?: AbortSignal;
  onBytes?: (done: number, total: number) => void;
  /** A chosen file that is not a member is read as an archive (CIFAR); otherwise its folder is used. */
  archives?: boolean;
  /** Member names, to tell a chosen member file from an archive. */
  isMember?: (base: string) => boolean;
}

export type SourceKind = { kind: 'folder'; root: string } | { kind: 'archive'; file: string };

/** Reads the first bytes of a file (empty for a zero-length file). */
export async function readHead(file: string, n = 512): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Decides how to read `path`: a folder, the folder of a chosen member file, or an archive. */
export async function sourceKind(path: string, opts: Pick<SourceFileOptions, 'archives' | 'isMember'>): Promise<SourceKind> {
  const st = await stat(path).catch((e) => {
    throw readFailure(e, path);
  });
  if (st.isDirectory()) return { kind: 'folder', root: path };
  if (!st.isFile()) throw badInput(basename(path), NOT_REGULAR);
  if (opts.archives && !opts.isMember?.(basename(path))) return { kind: 'archive', file: path };
  return { kind: 'folder', root: dirname(path) };
}

/**
 * Regular files under `root` (at most `depth` folder levels down), hidden ones left out, sorted.
 * Symbolic links are followed inside `root` only (path-guard.ts); a file reached twice counts once.
 */
export async function listFolderFiles(root: string, depth = 2): Promise<string[]> {
  const out: string[] = [];
  const rootReal = await realRoot(root);
  const seen = new Set<string>([rootReal]);
  const walk = async (dir: string, level: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((e) => {
      throw readFailure(e, dir);
    });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (!e.isDirectory() && !e.isFile() && !e.isSymbolicLink()) continue; // devices, pipes: never candidates
      const r = await resolveEntry(rootReal, full, displayName(root, full));
      if (seen.has(r.real)) continue;
      seen.add(r.real);
      if (r.kind === 'dir' && level < depth) await walk(full, level + 1);
      else if (r.kind === 'file') out.push(full);
    }
  };
  await walk(root, 0);
  return out;
}

const displayName = (root: string, file: string) => relative(root, file).split(sep).join('/');

async function* folderItems(root: string, want: (base: string) => boolean, opts: SourceFileOptions): AsyncGenerator<SourceItem> {
  const files = (await listFolderFiles(root)).filter((f) => want(basename(f)));
  const sizes = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  let done = 0;
  for (const [k, file] of files.entries()) {
    throwIfCancelled(opts.signal);
    const name = displayName(root, file);
    checkFileSize(sizes[k]!, name);
    const data = await readFile(file).catch((e) => {
      throw readFailure(e, name);
    });
    done += sizes[k]!;
    opts.onBytes?.(done, total);
    yield { name, base: basename(file), data };
  }
}

async function* archiveItems(file: string, want: (base: string) => boolean, opts: SourceFileOptions): AsyncGenerator<SourceItem> {
  const archive = basename(file);
  const head = await readHead(file).catch((e) => {
    throw readFailure(e, archive);
  });
  if (head.length === 0) throw badInput(archive, 'empty file (0 bytes)');
  const total = (await stat(file)).size;
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const gzip = isGzip(head);
  // Members are capped one by one (TarParser, import-limits.ts); the archive as a whole by ratio.
  const refuse = (cap: 'size' | 'ratio') => inflationRefused(archive, cap);
  const stream = gzip ? gunzipBounded(input, () => input.bytesRead, inflationCaps(Infinity), refuse, 1 << 20) : input;
  const parser = new TarParser(archive, (name) => want(basename(name)));
  const item = (e: TarEntry): SourceItem => ({ name: `${archive}: ${e.name}`, base: basename(e.name), data: e.data });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfCancelled(opts.signal);
      opts.onBytes?.(input.bytesRead, total);
      for (const e of parser.push(chunk)) yield item(e);
    }
    for (const e of parser.end()) yield item(e);
  } catch (e) {
    throw gzip ? gzipFailure(readFailure(e, archive), archive) : readFailure(e, archive);
  } finally {
    input.destroy();
  }
}

/** Streams the wanted files of a source, in folder order or archive order. */
export async function* readSourceFiles(path: string, want: (base: string) => boolean, opts: SourceFileOptions = {}): AsyncGenerator<SourceItem> {
  const source = await sourceKind(path, opts);
  if (source.kind === 'folder') yield* folderItems(source.root, want, opts);
  else yield* archiveItems(source.file, want, opts);
}

/**
 * The member names of a source (base names), for detection. In an archive only headers are read
 * and the scan stops as soon as `enough(names)` says so.
 */
export async function listSourceNames(
  path: string,
  opts: Pick<SourceFileOptions, 'archives' | 'isMember'>,
  enough: (names: string[]) => boolean = () => false,
): Promise<string[]> {
  const source = await sourceKind(path, opts);
  if (source.kind === 'folder') return (await listFolderFiles(source.root)).map((f) => basename(f));
  const names: string[] = [];
  const collector = (name: string) => (names.push(basename(name)), false);
  const head = await readHead(source.file);
  if (head.length === 0) return [];
  const input = createReadStream(source.file, { highWaterMark: 1 << 20 });
  const refuse = (cap: 'size' | 'ratio') => inflationRefused(basename(source.file), cap);
  const stream = isGzip(head) ? gunzipBounded(input, () => input.bytesRead, inflationCaps(Infinity), refuse) : input;
  const parser = new TarParser(basename(source.file), collector);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.push(chunk);
      if (enough(names)) break;
    }
  } catch {
    // A damaged archive (or a bomb): detection reports what it saw; the import names the problem.
  } finally {
    input.destroy();
  }
  return names;
}

/**
 * True for a .tar / .tar.gz file that parses to the end with no entries (an empty archive is an
 * error of its own, not a reason to look at the files next to it).
 */
export async function isEmptyArchive(file: string): Promise<boolean> {
  const st = await stat(file).catch(() => null);
  if (!st?.isFile() || st.size > 1024 * 1024) return false; // an empty archive is a few blocks
  const head = await readHead(file).catch(() => Buffer.alloc(0));
  if (head.length === 0) return /\.(tar|tar\.gz|tgz)$/i.test(file);
  const data = await readFile(file);
  const parser = new TarParser(basename(file), () => false);
  try {
    const raw = isGzip(head) ? await maybeGunzip(data, basename(file)) : data;
    parser.push(raw);
    parser.end();
    return false;
  } catch (e) {
    return e instanceof Error && /empty archive/.test(e.message);
  }
}
