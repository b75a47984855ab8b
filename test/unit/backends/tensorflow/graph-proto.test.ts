// TensorFlow's graph messages as graph-proto.ts writes them, against the field numbers of
// TensorFlow's node_def.proto, attr_value.proto, tensor.proto and saved_model.proto, worked out by
// hand (that TensorFlow loads and runs them is checked in test/native/graph-step.test.ts).
import { describe, expect, it } from 'vitest';
import { encodeGraphDef, encodeSavedModel } from '../../../../src-main/backends/tensorflow/graph-proto';

const DT_FLOAT = 1; // TensorFlow's DataType enum

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const len = (h: string) => (h.length / 2).toString(16).padStart(2, '0');

describe('graph-proto', () => {
  it('writes a NodeDef with its op, inputs and a type attribute (GraphDef.node = 1, NodeDef.attr = 5)', () => {
    const bytes = encodeGraphDef([{ name: 'm', op: 'Mul', inputs: ['x', 'c:1'], attrs: { T: { type: DT_FLOAT } } }]);
    // attr { key "T" value { type: DT_FLOAT (AttrValue.type = 6) } }
    const attr = '0a0154' + '1202' + '3001';
    const node = '0a016d' + '12034d756c' + '1a0178' + '1a03633a31' + '2a' + len(attr) + attr;
    const versions = '2203' + '08860a'; // versions (4) { producer (1): 1286 }
    expect(hex(bytes)).toBe('0a' + len(node) + node + versions);
  });

  it('writes a Const tensor as dtype, shape and little-endian content', () => {
    const content = new Uint8Array(new Float32Array([1, -2]).buffer);
    const bytes = encodeGraphDef([{ name: 'c', op: 'Const', inputs: [], attrs: { value: { tensor: { dtype: DT_FLOAT, shape: [2], content } } } }]);
    // TensorProto { dtype 1, tensor_shape { dim { size 2 } }, tensor_content (4) }
    const tensor = '0801' + '1204' + '12020802' + '2208' + '0000803f000000c0';
    expect(hex(bytes)).toContain('42' + len(tensor) + tensor); // AttrValue.tensor = 8
  });

  it('writes list, shape, bool and negative int attributes', () => {
    const bytes = encodeGraphDef([
      { name: 'n', op: 'Op', inputs: [], attrs: { a: { list: { i: [1, 2] } }, s: { shape: [-1, 3] }, k: { b: true }, d: { i: -1 } } },
    ]);
    const h = hex(bytes);
    expect(h).toContain('0a0161' + '1206' + '0a04' + '1a020102'); // list { i: [1, 2] packed }
    expect(h).toContain('3a11' + '120b08ffffffffffffffffff01' + '12020803'); // shape { dim { size -1 } dim { size 3 } }
    expect(h).toContain('0a016b' + '1202' + '2801'); // b: true
    expect(h).toContain('0a0164' + '120b' + '18ffffffffffffffffff01'); // i: -1
  });

  it('wraps the graph in a SavedModel tagged for loading', () => {
    const bytes = encodeSavedModel([], 'serve');
    // saved_model_schema_version 1, meta_graphs { meta_info_def { tags "serve" } graph_def {...} }
    expect(hex(bytes).startsWith('0801' + '12')).toBe(true);
    expect(hex(bytes)).toContain('0a07' + '2205' + Buffer.from('serve').toString('hex'));
  });
});
