// A minimal binary format for lists of tensors (checkpoints): a 4-byte header length, a JSON
// header [{ shape, dtype }], then each tensor's raw little-endian data in order.
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';

interface Header {
  shape: number[];
  dtype: 'float32' | 'int32';
}

export function saveTensors(file: string, tensors: readonly tf.Tensor[]): number {
  const headers: Header[] = tensors.map((t) => ({ shape: t.shape, dtype: t.dtype === 'int32' ? 'int32' : 'float32' }));
  const json = Buffer.from(JSON.stringify(headers));
  const parts: Buffer[] = [Buffer.alloc(4), json];
  parts[0]!.writeUInt32LE(json.length, 0);
  for (const t of tensors) {
    const data = t.dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
    parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  const all = Buffer.concat(parts);
  writeFileSync(file, all);
  return all.length;
}

export function loadTensors(file: string): tf.Tensor[] {
  const buf = readFileSync(file);
  if (buf.length < 4) throw new Error(`${file}: checkpoint file is truncated`);
  const headerLength = buf.readUInt32LE(0);
  const headers = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as Header[];
  let offset = 4 + headerLength;
  return headers.map((h) => {
    const n = h.shape.reduce((a, b) => a * b, 1);
    const bytes = buf.subarray(offset, offset + n * 4);
    if (bytes.length !== n * 4) throw new Error(`${file}: checkpoint file is truncated`);
    offset += n * 4;
    const copy = new Uint8Array(bytes); // aligned copy
    const data = h.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
    return tf.tensor(data, h.shape, h.dtype);
  });
}
