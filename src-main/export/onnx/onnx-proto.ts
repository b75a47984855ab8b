// The subset of the ONNX model format (github.com/onnx/onnx, onnx/onnx.proto, IR version 8) that
// the exporter writes: ModelProto → GraphProto of NodeProtos, float32 initializers (TensorProto,
// raw little-endian data), typed inputs/outputs, INT/INTS/FLOAT attributes and string metadata.
// Field numbers are those of onnx.proto; encoded with the hand-written writer of protobuf-writer.ts.
import { ProtoWriter } from '../../protobuf-writer';

export const ONNX_IR_VERSION = 8;
/** Default-domain opset the graph is written against (Conv-11, Gemm-13, Flatten-13, MaxPool-12 …). */
export const ONNX_OPSET = 13;

/** TensorProto.DataType */
const FLOAT = 1;

/** AttributeProto.AttributeType */
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

export type AttributeValue = number | number[] | { float: number };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** Integers and integer lists; `{ float: x }` for a float attribute (e.g. epsilon). */
  attributes?: Record<string, AttributeValue>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** A graph input or output: float32 tensor; a string dimension is symbolic (e.g. 'batch'). */
export interface OnnxValueInfo {
  name: string;
  dims: Array<number | string>;
  doc?: string;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  graph: OnnxGraph;
  producerName: string;
  producerVersion: string;
  doc?: string;
  /** ModelProto.metadata_props: free key/value strings (readable by onnxruntime's modelMetadata). */
  metadata?: Record<string, string>;
}

function attribute(name: string, value: AttributeValue): Uint8Array {
  const w = new ProtoWriter().string(1, name);
  if (Array.isArray(value)) return w.packedInts(8, value).int(20, ATTR_INTS).finish();
  if (typeof value === 'object') return w.float(2, value.float).int(20, ATTR_FLOAT).finish();
  return w.int(3, value).int(20, ATTR_INT).finish();
}

function node(n: OnnxNode): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, attribute(k, v));
  return w.finish();
}

function tensor(t: OnnxInitializer): Uint8Array {
  if (t.data.length !== t.dims.reduce((a, b) => a * b, 1)) {
    throw new Error(`initializer ${t.name}: ${t.data.length} values for dims [${t.dims.join(', ')}]`);
  }
  const raw = new Uint8Array(t.data.length * 4);
  const view = new DataView(raw.buffer);
  t.data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new ProtoWriter().packedInts(1, t.dims).int(2, FLOAT).string(8, t.name).bytes(9, raw).finish();
}

function valueInfo(v: OnnxValueInfo): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape.finish()).finish();
  const type = new ProtoWriter().message(1, tensorType).finish();
  const w = new ProtoWriter().string(1, v.name).message(2, type);
  if (v.doc) w.string(3, v.doc);
  return w.finish();
}

function graph(g: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, node(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensor(t));
  for (const i of g.inputs) w.message(11, valueInfo(i));
  for (const o of g.outputs) w.message(12, valueInfo(o));
  return w.finish();
}

/** Serialises a model to the bytes of a `.onnx` file. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const w = new ProtoWriter().int(1, ONNX_IR_VERSION).string(2, m.producerName).string(3, m.producerVersion);
  if (m.doc) w.string(6, m.doc);
  w.message(7, graph(m.graph));
  w.message(8, new ProtoWriter().string(1, '').int(2, ONNX_OPSET).finish());
  for (const [key, value] of Object.entries(m.metadata ?? {})) {
    w.message(14, new ProtoWriter().string(1, key).string(2, value).finish());
  }
  return w.finish();
}
