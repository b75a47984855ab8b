// Run bundles: one gzip-compressed file holding a run's record, metrics, logs, report and model,
// which another Distill Studio can import. Layout (before gzip):
//   "DSBUNDLE1\n" | uint32 LE header length | JSON header { files: [{ name, size }] } | file bytes…
import { gunzipSync, gzipSync } from 'node:zlib';

const MAGIC = Buffer.from('DSBUNDLE1\n');

export function packBundle(files: { name: string; data: Buffer }[]): Buffer {
  const header = Buffer.from(JSON.stringify({ files: files.map((f) => ({ name: f.name, size: f.data.length })) }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length, 0);
  return gzipSync(Buffer.concat([MAGIC, len, header, ...files.map((f) => f.data)]));
}

/** Unpacks a bundle; every problem is reported as "<file>: …" by the caller. */
export function unpackBundle(compressed: Buffer): Map<string, Buffer> {
  let raw: Buffer;
  try {
    raw = gunzipSync(compressed);
  } catch {
    throw new Error('not a Distill Studio run bundle (not gzip data, or truncated)');
  }
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a Distill Studio run bundle (wrong signature)');
  const headerLength = raw.readUInt32LE(MAGIC.length);
  let header: { files: { name: string; size: number }[] };
  try {
    header = JSON.parse(raw.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8'));
  } catch {
    throw new Error('run bundle header is damaged');
  }
  const files = new Map<string, Buffer>();
  let offset = MAGIC.length + 4 + headerLength;
  for (const f of header.files) {
    if (!/^[\w./-]+$/.test(f.name) || f.name.includes('..')) throw new Error(`run bundle holds a file with an unsafe name: ${f.name}`);
    const data = raw.subarray(offset, offset + f.size);
    if (data.length !== f.size) throw new Error(`run bundle is truncated (in ${f.name})`);
    files.set(f.name, Buffer.from(data));
    offset += f.size;
  }
  return files;
}
