// Builds the ONNX inference model of a zoo architecture from its trained weights: one input
// `image` (float32 [N, C, H, W], raw pixel values 0–255), the dataset's input normalisation as the
// first two nodes, the architecture's layers (onnx-ops.ts), one output `logits` [N, classes].
// Feature taps are not outputs: nodes that do not lead to the logits are dropped.
import type { Architecture } from '../../training/core/models/net-ops';
import { onnxOps, type GraphParts, type WeightSource } from './onnx-ops';
import { encodeModel, type OnnxModel, type OnnxNode } from './onnx-proto';

/** The app's input normalisation: x = (pixel / 255 − mean_c) / std_c (training/core/batches.ts). */
export interface InputNormalisation {
  mean: number[];
  std: number[];
}

export interface OnnxExportInput {
  name: string;
  define: Architecture;
  /** [H, W, C] of the dataset (the app's layout); the ONNX input is [N, C, H, W]. */
  inputShape: [number, number, number];
  numClasses: number;
  weights: WeightSource;
  normalisation: InputNormalisation;
  producerVersion: string;
  metadata?: Record<string, string>;
}

/**
 * Per-channel scale and shift with x = pixel · scale_c − shift_c, computed exactly as the app's
 * batches.ts does (scale = 1 / (255 std), shift = mean / std), so the two agree to float rounding.
 */
export function normalisationConstants(norm: InputNormalisation): { scale: Float32Array; shift: Float32Array } {
  if (norm.mean.length !== norm.std.length) throw new Error('normalisation: mean and std differ in length');
  return {
    scale: Float32Array.from(norm.std, (s) => 1 / (255 * s)),
    shift: Float32Array.from(norm.mean, (m, k) => m / norm.std[k]!),
  };
}

/** Keeps the nodes `output` depends on, and the initializers they read. */
function prune(parts: GraphParts, output: string): GraphParts {
  const producer = new Map<string, OnnxNode>();
  for (const n of parts.nodes) for (const o of n.outputs) producer.set(o, n);
  const needed = new Set<OnnxNode>();
  const stack = [output];
  while (stack.length) {
    const n = producer.get(stack.pop()!);
    if (!n || needed.has(n)) continue;
    needed.add(n);
    stack.push(...n.inputs);
  }
  const nodes = parts.nodes.filter((n) => needed.has(n));
  const used = new Set(nodes.flatMap((n) => n.inputs));
  return { nodes, initializers: parts.initializers.filter((t) => used.has(t.name)) };
}

/** The model as a graph (before encoding). */
export function buildOnnxGraph(m: OnnxExportInput): OnnxModel {
  const [h, w, c] = m.inputShape;
  if (m.normalisation.mean.length !== c) throw new Error(`normalisation has ${m.normalisation.mean.length} channels, the input ${c}`);
  const parts: GraphParts = { nodes: [], initializers: [] };
  const { scale, shift } = normalisationConstants(m.normalisation);
  parts.initializers.push({ name: 'input_scale', dims: [1, c, 1, 1], data: scale }, { name: 'input_shift', dims: [1, c, 1, 1], data: shift });
  parts.nodes.push(
    { opType: 'Mul', name: 'input_scaled', inputs: ['image', 'input_scale'], outputs: ['input_scaled'] },
    { opType: 'Sub', name: 'input_normalised', inputs: ['input_scaled', 'input_shift'], outputs: ['input_normalised'] },
  );
  const out = m.define(onnxOps(m.weights, parts), { name: 'input_normalised', shape: [h, w, c] }, m.numClasses);
  if (out.logits.name !== 'logits') throw new Error(`${m.name}: the classifier layer must be named 'logits', found '${out.logits.name}'`);
  const kept = prune(parts, 'logits');
  return {
    producerName: 'Distill Studio',
    producerVersion: m.producerVersion,
    doc: `${m.name}: raw pixels in, logits out; input normalisation (pixel / 255 - mean) / std included`,
    metadata: m.metadata,
    graph: {
      name: m.name.replace(/[^A-Za-z0-9_]/g, '_'),
      ...kept,
      inputs: [{ name: 'image', dims: ['batch', c, h, w], doc: 'float32 pixel values 0-255, NCHW' }],
      outputs: [{ name: 'logits', dims: ['batch', m.numClasses], doc: 'unnormalised class scores' }],
    },
  };
}

/** The bytes of the `.onnx` file. */
export function buildOnnxModel(m: OnnxExportInput): Uint8Array {
  return encodeModel(buildOnnxGraph(m));
}
