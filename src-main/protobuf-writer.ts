// A minimal protocol-buffers *encoder* (wire format of developers.google.com/protocol-buffers/docs/encoding):
// varints, length-delimited fields and packed repeated scalars, enough to write the handful of
// ONNX messages in export/onnx/onnx-proto.ts and TensorFlow's graph messages in
// backends/tensorflow/graph-proto.ts. Encoding only: nothing here parses bytes.

/** Wire types used here: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit. */
const VARINT = 0;
const LEN = 2;

export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.size += bytes.length;
    return this;
  }

  /** Unsigned or non-negative varint (int32/int64/enum); negative values use 10-byte two's complement. */
  private varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      out.push(byte);
    } while (v !== 0n);
    return this.push(Uint8Array.from(out));
  }

  private tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  /** int32, int64 or enum field. */
  int(field: number, value: number): this {
    return this.tag(field, VARINT).varint(value);
  }

  bytes(field: number, data: Uint8Array): this {
    return this.tag(field, LEN).varint(data.length).push(data);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** An embedded message, already encoded. */
  message(field: number, encoded: Uint8Array): this {
    return this.bytes(field, encoded);
  }

  /** Packed repeated int64 (proto3 default for repeated scalars). */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated float (IEEE-754 single, little-endian). */
  packedFloats(field: number, values: readonly number[]): this {
    const buf = new Uint8Array(values.length * 4);
    const view = new DataView(buf.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.bytes(field, buf);
  }

  /** 32-bit float field (wire type 5). */
  float(field: number, value: number): this {
    const buf = new Uint8Array(4);
    new DataView(buf.buffer).setFloat32(0, value, true);
    return this.tag(field, 5).push(buf);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}
