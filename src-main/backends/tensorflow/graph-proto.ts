// TensorFlow's graph messages, written with src-main/protobuf-writer.ts: a GraphDef of NodeDefs (op, inputs,
// attributes, constant tensors) inside the SavedModel that tfjs-node's binding can load
// (`loadSavedModel`) and run in one TF_SessionRun. Field numbers are those of TensorFlow's
// graph.proto, node_def.proto, attr_value.proto, tensor.proto, tensor_shape.proto, versions.proto,
// meta_graph.proto and saved_model.proto.
import { ProtoWriter } from '../../protobuf-writer';

/** A sub-message's bytes. */
const sub = (write: (w: ProtoWriter) => void) => {
  const w = new ProtoWriter();
  write(w);
  return w.finish();
};

export type AttrValue =
  | { s: string }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { type: number }
  | { shape: readonly number[] }
  | { tensor: ConstTensor }
  | { list: { i?: readonly number[]; f?: readonly number[]; b?: readonly boolean[]; type?: readonly number[]; s?: readonly string[] } };

export interface ConstTensor {
  /** TensorFlow's DataType enum, the C API's TF_DataType (DT_FLOAT = 1). */
  dtype: number;
  shape: readonly number[];
  /** Little-endian element bytes (4 per float32 / int32, 1 per bool). */
  content: Uint8Array;
}

export interface GraphNode {
  name: string;
  op: string;
  /** 'node' for output 0, 'node:k' for output k. */
  inputs: readonly string[];
  attrs: Readonly<Record<string, AttrValue>>;
}

/** Graph version the nodes are written for (GraphDef.versions.producer). */
const GRAPH_PRODUCER = 1286;

function writeShape(w: ProtoWriter, dims: readonly number[]): void {
  for (const d of dims)
    w.message(
      2,
      sub((dim) => dim.int(1, d)),
    ); // TensorShapeProto.dim { size }
}

function writeAttr(w: ProtoWriter, v: AttrValue): void {
  if ('s' in v) w.string(2, v.s);
  else if ('i' in v) w.int(3, v.i);
  else if ('f' in v) w.float(4, v.f);
  else if ('b' in v) w.int(5, v.b ? 1 : 0);
  else if ('type' in v) w.int(6, v.type);
  else if ('shape' in v)
    w.message(
      7,
      sub((s) => writeShape(s, v.shape)),
    );
  else if ('tensor' in v)
    w.message(
      8,
      sub((t) => {
        t.int(1, v.tensor.dtype);
        t.message(
          2,
          sub((s) => writeShape(s, v.tensor.shape)),
        );
        t.bytes(4, v.tensor.content);
      }),
    );
  else
    w.message(
      1,
      sub((l) => {
        for (const s of v.list.s ?? []) l.string(2, s);
        if (v.list.i?.length) l.packedInts(3, v.list.i);
        if (v.list.f?.length) l.packedFloats(4, v.list.f);
        if (v.list.b?.length) l.packedInts(5, v.list.b.map(Number));
        if (v.list.type?.length) l.packedInts(6, v.list.type);
      }),
    );
}

function writeNode(w: ProtoWriter, node: GraphNode): void {
  w.string(1, node.name).string(2, node.op);
  for (const input of node.inputs) w.string(3, input);
  for (const [key, value] of Object.entries(node.attrs)) {
    w.message(
      5,
      sub((entry) =>
        entry.string(1, key).message(
          2,
          sub((a) => writeAttr(a, value)),
        ),
      ),
    );
  }
}

export function encodeGraphDef(nodes: readonly GraphNode[]): Uint8Array {
  const w = new ProtoWriter();
  for (const n of nodes)
    w.message(
      1,
      sub((nw) => writeNode(nw, n)),
    );
  w.message(
    4,
    sub((v) => v.int(1, GRAPH_PRODUCER)),
  );
  return w.finish();
}

/** A SavedModel (saved_model.pb) holding one graph under `tag`, with no variables. */
export function encodeSavedModel(nodes: readonly GraphNode[], tag: string): Uint8Array {
  const graph = encodeGraphDef(nodes);
  const w = new ProtoWriter();
  w.int(1, 1); // saved_model_schema_version
  w.message(
    2,
    sub((meta) => {
      meta.message(
        1,
        sub((info) => info.string(4, tag)),
      ); // MetaInfoDef.tags
      meta.bytes(2, graph);
    }),
  );
  return w.finish();
}
