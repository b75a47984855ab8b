// Records what tfjs-node executes while a function runs eagerly, as a TensorFlow graph: every
// `executeOp` becomes a node, every tensor created from JS values (shapes, scalars) a Const, and
// the tensors the function starts from (explicit inputs and the engine's variables) Placeholders.
// The outputs are the tensors read back (`dataSync`) and the variables whose value changed.
// graph-step.ts compiles such a record; the record refuses what a graph cannot replay: reads
// of more than one value, tensor ids it cannot place, variables set from JS values. Ops may run
// after the read (an update that the caller makes depend on the value read).
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import type { AttrValue, GraphNode } from './graph-proto';
import type { NativeBinding, NodeBackend, OpAttr } from './node-backend';

/** Where a Placeholder's value comes from when the graph runs. */
export type FeedSource = { input: number } | { variable: tf.Variable };

export interface OpRecord {
  nodes: GraphNode[];
  feeds: { name: string; source: FeedSource }[];
  /** Tensors read back, in read order. */
  reads: string[];
  /** Variables whose value the function changed, and the graph tensor holding the new value. */
  updates: { variable: tf.Variable; tensor: string }[];
  /** Equal for two records of the same computation on the same constants. */
  signature: string;
}

class NotRecordable extends Error {}

let recording = false;

/** True while recordOps runs its function: kernels that compute in JS should defer to TensorFlow's. */
export const isRecordingOps = () => recording;

function attrValue(b: NativeBinding, a: OpAttr): AttrValue {
  const v = a.value;
  const list = Array.isArray(v);
  switch (a.type) {
    case b.TF_ATTR_STRING:
      return { s: String(v) };
    case b.TF_ATTR_INT:
      return list ? { list: { i: v as number[] } } : { i: v as number };
    case b.TF_ATTR_FLOAT:
      return list ? { list: { f: v as number[] } } : { f: v as number };
    case b.TF_ATTR_BOOL:
      return list ? { list: { b: v as boolean[] } } : { b: v as boolean };
    case b.TF_ATTR_TYPE:
      return { type: v as number };
    case b.TF_ATTR_SHAPE:
      return { shape: v as number[] };
    default:
      throw new NotRecordable(`attribute ${a.name} has a type (${a.type}) graphs here do not write`);
  }
}

/**
 * Type attributes TensorFlow's eager runtime infers from the inputs where tfjs-node leaves them
 * out (its ExpandDims kernel passes none); a graph's NodeDef must name them.
 */
const INFERRED_TYPE_ATTRS: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  ExpandDims: [
    ['T', 0],
    ['Tdim', 1],
  ],
};

const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));

/**
 * Runs `fn` eagerly on tfjs-node's backend and returns its result with the record of the ops it
 * executed. `inputs` are the tensors fed afresh on each replay (the batch); every other tensor
 * that existed before is either a variable (fed with its value at replay) or a constant.
 */
export function recordOps<T>(backend: NodeBackend, inputs: readonly tf.Tensor[], fn: () => T): { value: T; record: OpRecord } | { value: T; refused: string } {
  const real = backend.binding;
  const variables = Object.values(tf.engine().registeredVariables);
  // upload lazily written values now, so every tensor that exists before fn has its native id
  const startIds = new Map<number, FeedSource>();
  inputs.forEach((t, k) => startIds.set(backend.getInputTensorIds([t])[0]!, { input: k }));
  const before = new Map<tf.Variable, number>();
  for (const v of variables) {
    const id = backend.getInputTensorIds([v])[0]!;
    before.set(v, id);
    if (!startIds.has(id)) startIds.set(id, { variable: v });
  }

  const nodes: GraphNode[] = [];
  const feeds: OpRecord['feeds'] = [];
  const named = new Map<number, string>(); // native id → graph tensor name
  const dtypes = new Map<string, number>(); // graph tensor name → dtype enum
  const created = new Map<number, { shape: number[]; dtype: number; content: Uint8Array }>();
  const reads: number[] = [];
  let problem: string | null = null;
  const hash = createHash('sha256');

  const constant = (id: number, shape: number[], dtype: number, content: Uint8Array): string => {
    const name = `c${nodes.length}`;
    nodes.push({ name, op: 'Const', inputs: [], attrs: { dtype: { type: dtype }, value: { tensor: { dtype, shape, content } } } });
    dtypes.set(name, dtype);
    hash.update(`${name}:${dtype}:${shape.join('x')}:`).update(content);
    named.set(id, name);
    return name;
  };

  const nameOf = (id: number): string => {
    const known = named.get(id);
    if (known) return known;
    const feed = startIds.get(id);
    if (feed) {
      const t = 'input' in feed ? inputs[feed.input]! : feed.variable;
      const name = `f${feeds.length}`;
      const dtype = backend.getDTypeInteger(t.dtype);
      nodes.push({ name, op: 'Placeholder', inputs: [], attrs: { dtype: { type: dtype }, shape: { shape: t.shape } } });
      dtypes.set(name, dtype);
      hash.update(`${name}<-${'input' in feed ? `input${feed.input}` : `var${feed.variable.id}`};`);
      feeds.push({ name, source: feed });
      named.set(id, name);
      return name;
    }
    const made = created.get(id);
    if (made) return constant(id, made.shape, made.dtype, made.content);
    // a tensor made before fn that is no variable (a cached scalar): its value, as a constant
    const meta = real.executeOp('Identity', [], [id], 1)[0]!;
    real.deleteTensor(meta.id);
    return constant(id, meta.shape, meta.dtype, bytesOf(real.tensorDataSync(id)));
  };

  const recorder: NativeBinding = Object.create(real, {
    executeOp: {
      value(name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number) {
        const out = real.executeOp(name, attrs, inputIds, numOutputs);
        if (problem) return out;
        try {
          const node = `n${nodes.length}`;
          const nodeInputs = inputIds.map(nameOf);
          const nodeAttrs: Record<string, AttrValue> = Object.fromEntries(attrs.map((a) => [a.name, attrValue(real, a)]));
          for (const [attr, input] of INFERRED_TYPE_ATTRS[name] ?? []) nodeAttrs[attr] ??= { type: dtypes.get(nodeInputs[input]!)! };
          nodes.push({ name: node, op: name, inputs: nodeInputs, attrs: nodeAttrs });
          hash.update(`${node}=${name}(${nodeInputs.join(',')})${JSON.stringify(attrs.map((a) => [a.name, a.value]))};`);
          out.forEach((m, k) => {
            const tensor = k === 0 ? node : `${node}:${k}`;
            named.set(m.id, tensor);
            dtypes.set(tensor, m.dtype);
          });
        } catch (e) {
          problem = e instanceof Error ? e.message : String(e);
        }
        return out;
      },
    },
    createTensor: {
      value(shape: number[], dtype: number, values: ArrayBufferView) {
        const id = real.createTensor(shape, dtype, values);
        created.set(id, { shape: [...shape], dtype, content: bytesOf(values) });
        return id;
      },
    },
    tensorDataSync: {
      value(id: number) {
        reads.push(id);
        // JS code that computes with values it read (a kernel of its own) cannot become a graph
        if (reads.length > 1 && !problem) problem = 'the step reads back more than one value';
        return real.tensorDataSync(id);
      },
    },
  });

  backend.binding = recorder;
  recording = true;
  let value: T;
  try {
    value = fn();
  } finally {
    backend.binding = real;
    recording = false;
  }
  try {
    if (problem) throw new NotRecordable(problem);
    return { value, record: finishRecord() };
  } catch (e) {
    if (e instanceof NotRecordable) return { value, refused: e.message };
    throw e;
  }

  function finishRecord(): OpRecord {
    if (Object.keys(tf.engine().registeredVariables).length !== variables.length) throw new NotRecordable('variables were created or disposed');
    const readNames = reads.map((id) => {
      const name = named.get(id);
      if (!name || name.startsWith('f') || name.startsWith('c')) throw new NotRecordable('a value read back is not computed by the recorded ops');
      return name;
    });
    const updates: OpRecord['updates'] = [];
    for (const v of variables) {
      if (v.isDisposed) continue;
      const id = backend.getInputTensorIds([v])[0]!;
      if (id === before.get(v)) continue;
      const name = named.get(id);
      if (!name || name.startsWith('f') || name.startsWith('c'))
        throw new NotRecordable(`variable ${v.name} was set to a value the recorded ops do not compute`);
      updates.push({ variable: v, tensor: name });
      hash.update(`var${v.id}:=${name};`);
    }
    hash.update(`reads:${readNames.join(',')}`);
    return { nodes, feeds, reads: readNames, updates, signature: hash.digest('hex') };
  }
}
