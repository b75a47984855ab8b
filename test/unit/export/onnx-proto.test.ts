// The hand-written protobuf encoder behind the ONNX writer (src-main/protobuf-writer.ts,
// onnx-proto.ts): wire-format bytes checked against the protobuf encoding spec
// (developers.google.com/protocol-buffers/docs/encoding), and a minimal graph that onnxruntime
// loads and runs (the zoo round trip covers the full models).
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../../../src-main/export/onnx/onnx-proto';
import { ProtoWriter } from '../../../src-main/protobuf-writer';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('protobuf writer', () => {
  it('encodes varints, strings, packed ints and floats as the spec does', () => {
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601'); // the spec's example
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08ffffffffffffffffff01'); // 10-byte two's complement
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
  });

  it('writes a graph onnxruntime runs: y = relu(x · 2 − 1)', async () => {
    const bytes = encodeModel({
      producerName: 'test',
      producerVersion: '0',
      metadata: { purpose: 'unit test' },
      graph: {
        name: 'g',
        nodes: [
          { opType: 'Mul', name: 'm', inputs: ['x', 'two'], outputs: ['m'] },
          { opType: 'Sub', name: 's', inputs: ['m', 'one'], outputs: ['s'] },
          { opType: 'Relu', name: 'y', inputs: ['s'], outputs: ['y'] },
        ],
        initializers: [
          { name: 'two', dims: [1], data: Float32Array.of(2) },
          { name: 'one', dims: [1], data: Float32Array.of(1) },
        ],
        inputs: [{ name: 'x', dims: ['batch', 3] }],
        outputs: [{ name: 'y', dims: ['batch', 3] }],
      },
    });
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(0, 1, 2, -1, 0.5, 3), [2, 3]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([0, 1, 3, 0, 0, 5]);
    await session.release();
  });

  it('refuses an initializer whose data does not fill its dims', () => {
    const graph = { name: 'g', nodes: [], initializers: [{ name: 'w', dims: [2, 2], data: new Float32Array(3) }], inputs: [], outputs: [] };
    expect(() => encodeModel({ producerName: 't', producerVersion: '0', graph })).toThrow(/initializer w: 3 values for dims \[2, 2\]/);
  });
});
