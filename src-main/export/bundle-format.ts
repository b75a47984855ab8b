// Run bundles: one gzip-compressed file holding a run's record, metrics, logs, report and model,
// which another Distill Studio can import. Layout (before gzip):
//   "DSBUNDLE1\n" | uint32 LE header length | JSON header { files: [{ name, size }] } | file bytes…
// A bundle may come from anyone, so unpacking is streamed and bounded: the header's size and
// member list are checked before any body byte is written, inflation is counted as it happens
// (total and ratio to the compressed bytes read), and only the known member names are accepted.
import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gunzipBounded } from '../bounded-gunzip';

const MAGIC = Buffer.from('DSBUNDLE1\n');
const PREFIX = MAGIC.length + 4;

export interface BundleLimits {
  /** All members together, inflated. */
  maxUnpackedBytes: number;
  /** Inflated bytes per compressed byte read, checked as the data streams in. */
  maxRatio: number;
  maxMembers: number;
  /** The JSON header listing the members. */
  maxHeaderBytes: number;
  maxMemberBytes: number;
  /** run.json, metrics.json, logs.json, report.json, model/model.json: parsed in memory. */
  maxJsonBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimits> = {
  maxUnpackedBytes: 2048 * MiB,
  maxRatio: 200,
  maxMembers: 1000,
  maxHeaderBytes: 1 * MiB,
  maxMemberBytes: 1024 * MiB,
  maxJsonBytes: 256 * MiB,
};

/** Compressed bytes allowed before the ratio applies (a gzip header and tiny files inflate oddly). */
const RATIO_SLACK = 1 * MiB;

const TOP_MEMBERS = new Set(['run.json', 'metrics.json', 'logs.json', 'report.json']);
const MODEL_FILE = /^model\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The only names a bundle may hold: the four records and flat files of the model folder. */
export const isBundleMemberName = (name: string): boolean => TOP_MEMBERS.has(name) || MODEL_FILE.test(name);
export const isJsonMember = (name: string): boolean => name.endsWith('.json');

export class BundleProblem extends Error {}

export interface BundleMember {
  name: string;
  size: number;
}

export function packBundle(files: { name: string; data: Buffer }[]): Buffer {
  const header = Buffer.from(JSON.stringify({ files: files.map((f) => ({ name: f.name, size: f.data.length })) }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length, 0);
  return gzipSync(Buffer.concat([MAGIC, len, header, ...files.map((f) => f.data)]));
}

const shown = (name: unknown) => JSON.stringify(String(name).slice(0, 80));

function checkHeader(raw: Buffer, limits: BundleLimits): BundleMember[] {
  let header: unknown;
  try {
    header = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BundleProblem('run bundle header is damaged (not JSON)');
  }
  const files = (header as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) throw new BundleProblem('run bundle header is damaged (no file list)');
  if (files.length > limits.maxMembers) throw new BundleProblem(`run bundle lists ${files.length} files, more than the ${limits.maxMembers} allowed: refused`);
  const seen = new Set<string>();
  let total = 0;
  const out: BundleMember[] = [];
  for (const f of files as { name?: unknown; size?: unknown }[]) {
    const { name, size } = f ?? {};
    if (typeof name !== 'string' || !isBundleMemberName(name))
      throw new BundleProblem(`run bundle holds a file with an unsafe or unknown name: ${shown(name)}`);
    if (seen.has(name)) throw new BundleProblem(`run bundle holds ${name} twice`);
    seen.add(name);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new BundleProblem(`run bundle header gives ${name} an invalid size`);
    const cap = isJsonMember(name) ? Math.min(limits.maxJsonBytes, limits.maxMemberBytes) : limits.maxMemberBytes;
    if (size > cap) throw new BundleProblem(`run bundle member ${name} would inflate to ${size} bytes, more than the ${cap} allowed: refused`);
    total += size;
    if (total > limits.maxUnpackedBytes) throw new BundleProblem(`run bundle inflates beyond ${limits.maxUnpackedBytes} bytes: refused`);
    out.push({ name, size });
  }
  return out;
}

/** Streaming state machine over the inflated bytes: prefix, header, then one body after another. */
class Unpacker {
  private prefix = Buffer.alloc(0);
  private header: Buffer | null = null;
  private headerFilled = 0;
  members: BundleMember[] | null = null;
  private index = 0;
  private written = 0;
  private fd: number | null = null;

  constructor(
    private readonly dest: string,
    private readonly limits: BundleLimits,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (!this.header) {
        const n = Math.min(PREFIX - this.prefix.length, chunk.length - pos);
        this.prefix = Buffer.concat([this.prefix, chunk.subarray(pos, pos + n)]);
        pos += n;
        const have = Math.min(this.prefix.length, MAGIC.length);
        if (!this.prefix.subarray(0, have).equals(MAGIC.subarray(0, have))) throw new BundleProblem('not a Distill Studio run bundle (wrong signature)');
        if (this.prefix.length === PREFIX) {
          const length = this.prefix.readUInt32LE(MAGIC.length);
          if (length > this.limits.maxHeaderBytes)
            throw new BundleProblem(`run bundle header is ${length} bytes, more than the ${this.limits.maxHeaderBytes} allowed: refused`);
          this.header = Buffer.alloc(length);
          if (length === 0) this.members = checkHeader(this.header, this.limits);
        }
        continue;
      }
      if (!this.members) {
        const n = Math.min(this.header.length - this.headerFilled, chunk.length - pos);
        chunk.copy(this.header, this.headerFilled, pos, pos + n);
        this.headerFilled += n;
        pos += n;
        if (this.headerFilled === this.header.length) this.members = checkHeader(this.header, this.limits);
        continue;
      }
      pos = this.body(chunk, pos);
    }
    this.openEmpty();
  }

  /** Writes body bytes of the current member from `chunk[pos..]`; returns the new position. */
  private body(chunk: Buffer, pos: number): number {
    this.openEmpty();
    const m = this.members![this.index];
    if (!m) throw new BundleProblem('run bundle has data after its last file (damaged or crafted)');
    if (this.fd === null) this.fd = this.open(m.name);
    const n = Math.min(m.size - this.written, chunk.length - pos);
    writeSync(this.fd, chunk, pos, n);
    this.written += n;
    if (this.written === m.size) this.next();
    return pos + n;
  }

  /** Members of size 0 have no bytes to wait for: create them as soon as they are current. */
  private openEmpty(): void {
    while (this.members && this.fd === null && this.members[this.index]?.size === 0) {
      closeSync(this.open(this.members[this.index]!.name));
      this.index++;
    }
  }

  private open(name: string): number {
    if (name.startsWith('model/')) mkdirSync(join(this.dest, 'model'), { recursive: true });
    return openSync(join(this.dest, name), 'wx');
  }

  private next(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.written = 0;
    this.index++;
  }

  /** At the end of the input: every member must be complete. */
  finish(): BundleMember[] {
    this.openEmpty();
    if (!this.members)
      throw new BundleProblem(
        this.header || this.prefix.length >= MAGIC.length ? 'run bundle is truncated (in its header)' : 'not a Distill Studio run bundle (too short)',
      );
    const m = this.members[this.index];
    if (m) throw new BundleProblem(`run bundle is truncated (in ${m.name})`);
    return this.members;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Unpacks the bundle `file` into the existing, empty folder `dest` (members keep their names,
 * model files go to dest/model/). Throws a BundleProblem with a one-line reason; whatever was
 * written to `dest` is then the caller's to remove.
 */
export async function unpackBundle(file: string, dest: string, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<BundleMember[]> {
  const input = createReadStream(file, { highWaterMark: 64 * 1024 });
  const caps = { maxBytes: limits.maxUnpackedBytes, maxRatio: limits.maxRatio, ratioSlackBytes: RATIO_SLACK };
  const refuse = (cap: 'size' | 'ratio') =>
    new BundleProblem(
      `run bundle inflates beyond ${cap === 'size' ? `${limits.maxUnpackedBytes} bytes` : `${limits.maxRatio} times its compressed size`}: refused`,
    );
  const unpacker = new Unpacker(dest, limits);
  try {
    for await (const chunk of gunzipBounded(input, () => input.bytesRead, caps, refuse)) unpacker.push(chunk);
    return unpacker.finish();
  } catch (e) {
    if (e instanceof BundleProblem) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /unexpected end of file|incorrect header check/i.test((e as Error).message)) {
      throw new BundleProblem('not a Distill Studio run bundle (not gzip data, or truncated)');
    }
    throw e;
  } finally {
    unpacker.close();
  }
}
