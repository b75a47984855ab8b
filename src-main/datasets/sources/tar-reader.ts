// A small streaming reader of tar archives (POSIX ustar, GNU long names, pax `path`/`size`
// records): feed it chunks, get whole entries back. Bodies of entries the caller does not want
// are skipped without being kept. Damage is reported with the archive name and the entry:
// "cifar-10-binary.tar.gz: truncated: the archive ends inside 'cifar-10-batches-bin/data_batch_3.bin'".
import { badInput, fmtInt } from '../import-errors';
import { checkFileSize } from '../import-limits';

export interface TarEntry {
  name: string;
  size: number;
  /** The body; empty for entries that are not regular files or that `want` declined. */
  data: Buffer;
}

const BLOCK = 512;

function readString(b: Buffer, start: number, length: number): string {
  const end = b.indexOf(0, start);
  return b.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function readOctal(b: Buffer, start: number, length: number): number {
  if (b[start]! & 0x80) {
    // GNU base-256 for sizes ≥ 8 GiB: big-endian, first byte's high bit is the marker.
    let v = b[start]! & 0x7f;
    for (let i = 1; i < length; i++) v = v * 256 + b[start + i]!;
    return v;
  }
  const text = readString(b, start, length).trim();
  return /^[0-7]*$/.test(text) ? parseInt(text || '0', 8) : NaN;
}

function checksumOk(h: Buffer): boolean {
  const stored = readOctal(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return stored === sum;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const len = parseInt(data.toString('utf8', pos, space), 10);
    if (space < 0 || !Number.isFinite(len) || len <= 0) break;
    const record = data.toString('utf8', space + 1, pos + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

interface Pending {
  name: string;
  size: number;
  kind: 'file' | 'longname' | 'pax' | 'skip';
  body: Buffer | null;
  filled: number;
  padding: number;
}

/** Incremental parser: `push` chunks, then `end()`; complete entries come back from `push`. */
export class TarParser {
  private header = Buffer.alloc(BLOCK);
  private headerFilled = 0;
  private pending: Pending | null = null;
  private offset = 0; // bytes consumed, for messages
  private ended = false;
  private longName: string | null = null;
  private pax: Record<string, string> = {};
  private entriesSeen = 0;

  constructor(
    private readonly archive: string,
    private readonly want: (name: string) => boolean = () => true,
  ) {}

  push(chunk: Buffer): TarEntry[] {
    const out: TarEntry[] = [];
    let pos = 0;
    while (pos < chunk.length && !this.ended) {
      const p = this.pending;
      if (p) {
        if (p.filled < p.size) {
          const n = Math.min(p.size - p.filled, chunk.length - pos);
          if (p.body) chunk.copy(p.body, p.filled, pos, pos + n);
          p.filled += n;
          pos += n;
          this.offset += n;
        } else {
          const pad = Math.min(p.padding, chunk.length - pos);
          p.padding -= pad;
          pos += pad;
          this.offset += pad;
        }
        if (p.filled === p.size && p.padding === 0) this.finishEntry(p, out);
        continue;
      }
      const n = Math.min(BLOCK - this.headerFilled, chunk.length - pos);
      chunk.copy(this.header, this.headerFilled, pos, pos + n);
      this.headerFilled += n;
      pos += n;
      this.offset += n;
      if (this.headerFilled === BLOCK) {
        this.headerFilled = 0;
        this.startEntry(out);
      }
    }
    return out;
  }

  /** Call when the input is exhausted: throws if it stopped inside an entry or a header. */
  end(): TarEntry[] {
    const out: TarEntry[] = [];
    const p = this.pending;
    if (p) {
      if (p.filled < p.size) throw badInput(this.archive, `truncated: the archive ends inside '${p.name}' (${fmtInt(p.filled)} of ${fmtInt(p.size)} bytes)`);
      this.finishEntry(p, out); // only the zero padding of the last block is missing: tolerated
    }
    if (this.headerFilled > 0 && !this.ended) throw badInput(this.archive, `truncated: the archive ends inside a header at byte ${fmtInt(this.offset)}`);
    if (this.entriesSeen === 0) throw badInput(this.archive, 'empty archive (no files in it)');
    return out;
  }

  private startEntry(out: TarEntry[]): void {
    const h = this.header;
    if (h.every((b) => b === 0)) {
      this.ended = true; // end-of-archive marker; whatever follows is padding
      return;
    }
    const at = this.offset - BLOCK;
    if (!checksumOk(h)) throw badInput(this.archive, `not a tar archive, or damaged at byte ${fmtInt(at)} (header checksum mismatch)`);
    let size = readOctal(h, 124, 12);
    if (!Number.isFinite(size) || size < 0) throw badInput(this.archive, `damaged tar header at byte ${fmtInt(at)} (size field is not a number)`);
    const type = String.fromCharCode(h[156]!);
    const magic = h.toString('latin1', 257, 262);
    const prefix = magic === 'ustar' ? readString(h, 345, 155) : '';
    let name = this.longName ?? this.pax.path ?? (prefix ? `${prefix}/${readString(h, 0, 100)}` : readString(h, 0, 100));
    if (this.pax.size !== undefined && /^\d+$/.test(this.pax.size)) size = Number(this.pax.size);
    const kinds: Record<string, Pending['kind']> = { '0': 'file', '\0': 'file', '7': 'file', L: 'longname', x: 'pax' };
    const kind = kinds[type] ?? 'skip';
    if (kind === 'file' || kind === 'skip') {
      this.longName = null;
      this.pax = {};
      this.entriesSeen++;
    }
    name = name.replace(/^\.\//, '');
    const keep = kind === 'longname' || kind === 'pax' || (kind === 'file' && this.want(name));
    // Bodies are kept in memory: the per-file cap of import-limits.ts applies before allocating.
    if (keep) checkFileSize(size, `${this.archive}: ${name}`);
    const p: Pending = { name, size, kind, body: keep ? Buffer.allocUnsafe(size) : null, filled: 0, padding: (BLOCK - (size % BLOCK)) % BLOCK };
    this.pending = p;
    if (size === 0) this.finishEntry(p, out);
  }

  private finishEntry(p: Pending, out: TarEntry[]): void {
    this.pending = null;
    if (p.kind === 'longname') this.longName = readString(p.body!, 0, p.size);
    else if (p.kind === 'pax') this.pax = parsePax(p.body!);
    else if (p.kind === 'file' && p.body) out.push({ name: p.name, size: p.size, data: p.body });
  }
}
