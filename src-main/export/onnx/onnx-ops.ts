// NetOps (training/core/models/net-ops.ts) interpreted as ONNX nodes: the same architecture code
// that builds the tfjs model emits the inference graph, taking each layer's trained weights by
// layer name. The graph is NCHW (ONNX's convention for Conv and pooling); shapes are tracked in
// the app's [H, W, C] form so the architecture code sees what it sees in tfjs.
//
// Layer by layer (tfjs semantics on the left, ONNX on the right, all in inference mode):
//   conv k×k / s, pad ⌊k/2⌋       → Conv(pads = ⌊k/2⌋ on every side, strides = s); kernel
//                                     [k, k, C_in, C_out] → W [C_out, C_in, k, k]
//   batchNorm (moving statistics) → BatchNormalization(ε = 1e-5): y = γ (x − μ) / √(σ² + ε) + β
//   maxPool 2×2 / 2, valid        → MaxPool(kernel 2, stride 2, no padding, floor)
//   globalAvgPool                 → GlobalAveragePool + Flatten
//   flatten of [H, W, C]          → Flatten of [C, H, W]; the next dense layer's rows are permuted
//                                     from (h, w, c) to (c, h, w) order so the product is unchanged
//   dense                         → Gemm(A, B = kernel [in, units], C = bias)
import { BN_EPSILON, convOutSize, type NetOps, type Shape } from '../../training/core/models/net-ops';
import type { OnnxInitializer, OnnxNode } from './onnx-proto';

/** One trained weight array in tfjs layout and order (conv: kernel, bias; BN: γ, β, μ, σ²; dense: kernel, bias). */
export interface WeightArray {
  shape: number[];
  data: Float32Array;
}

/** The trained weights of a layer, by the layer's name. */
export type WeightSource = (layerName: string) => WeightArray[];

/** A value in the graph: its tensor name and its app-side shape without batch ([H, W, C] or [n]). */
export interface OnnxValue {
  name: string;
  shape: Shape;
  /** Set on the output of a flatten: the [H, W, C] map it came from (for the dense row order). */
  flattenedFrom?: [number, number, number];
}

export interface GraphParts {
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
}

function weightsOf(source: WeightSource, layer: string, count: number[]): WeightArray[] {
  const w = source(layer);
  if (!count.includes(w.length)) throw new Error(`layer ${layer}: expected ${count.join(' or ')} weight arrays, found ${w.length}`);
  return w;
}

/** [k, k, C_in, C_out] → [C_out, C_in, k, k] */
function convKernelToOihw(w: WeightArray): OnnxInitializer['data'] {
  const [kh, kw, cin, cout] = w.shape as [number, number, number, number];
  const out = new Float32Array(w.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = w.data[((y * kw + x) * cin + i) * cout + o]!;
  return out;
}

/** Dense kernel rows from (h, w, c) to (c, h, w) order, matching a flatten of an NCHW map. */
function rowsToChw(kernel: WeightArray, [h, w, c]: [number, number, number]): Float32Array {
  const units = kernel.shape[1]!;
  const out = new Float32Array(kernel.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) {
        const from = ((y * w + x) * c + ch) * units;
        const to = ((ch * h + y) * w + x) * units;
        out.set(kernel.data.subarray(from, from + units), to);
      }
  return out;
}

/** ONNX ops appending to `parts`; every tensor is named after the layer that produces it. */
export function onnxOps(weights: WeightSource, parts: GraphParts): NetOps<OnnxValue> {
  const init = (name: string, dims: number[], data: Float32Array): string => {
    parts.initializers.push({ name, dims, data });
    return name;
  };
  const emit = (opType: string, name: string, inputs: string[], attributes?: OnnxNode['attributes']): string => {
    parts.nodes.push({ opType, name, inputs, outputs: [name], attributes });
    return name;
  };
  const spatial = (x: OnnxValue, op: string): [number, number, number] => {
    if (x.shape.length !== 3) throw new Error(`${op}: expects a [H, W, C] map, got [${x.shape.join(', ')}]`);
    return x.shape as [number, number, number];
  };
  return {
    shapeOf: (x) => [...x.shape],
    conv(x, o) {
      const [h, w, c] = spatial(x, o.name);
      const stride = o.stride ?? 1;
      const pad = Math.floor(o.kernel / 2);
      const ws = weightsOf(weights, o.name, o.bias ? [2] : [1]);
      const kernel = ws[0]!;
      if (kernel.shape.join() !== [o.kernel, o.kernel, c, o.filters].join()) {
        throw new Error(`layer ${o.name}: kernel shape [${kernel.shape.join(', ')}] does not fit the architecture`);
      }
      const inputs = [x.name, init(`${o.name}.weight`, [o.filters, c, o.kernel, o.kernel], convKernelToOihw(kernel))];
      if (o.bias) inputs.push(init(`${o.name}.bias`, [o.filters], ws[1]!.data));
      const name = emit('Conv', o.name, inputs, {
        kernel_shape: [o.kernel, o.kernel],
        strides: [stride, stride],
        pads: [pad, pad, pad, pad],
        dilations: [1, 1],
        group: 1,
      });
      return { name, shape: [convOutSize(h, o.kernel, stride), convOutSize(w, o.kernel, stride), o.filters] };
    },
    batchNorm(x, name) {
      const c = x.shape[x.shape.length - 1]!;
      const [gamma, beta, mean, variance] = weightsOf(weights, name, [4]);
      const p = (suffix: string, a: WeightArray) => init(`${name}.${suffix}`, [c], a.data);
      const inputs = [x.name, p('weight', gamma!), p('bias', beta!), p('running_mean', mean!), p('running_var', variance!)];
      return { name: emit('BatchNormalization', name, inputs, { epsilon: { float: BN_EPSILON } }), shape: x.shape };
    },
    relu: (x, name) => ({ name: emit('Relu', name, [x.name]), shape: x.shape }),
    add(a, b, name) {
      if (a.shape.join() !== b.shape.join()) throw new Error(`${name}: cannot add [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
      return { name: emit('Add', name, [a.name, b.name]), shape: a.shape };
    },
    maxPool(x, name) {
      const [h, w, c] = spatial(x, name);
      const out = emit('MaxPool', name, [x.name], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] });
      return { name: out, shape: [Math.floor(h / 2), Math.floor(w / 2), c] };
    },
    globalAvgPool(x, name) {
      const [, , c] = spatial(x, name);
      const pooled = emit('GlobalAveragePool', `${name}_nc11`, [x.name]);
      return { name: emit('Flatten', name, [pooled], { axis: 1 }), shape: [c] };
    },
    flatten(x, name) {
      const [h, w, c] = spatial(x, name);
      return { name: emit('Flatten', name, [x.name], { axis: 1 }), shape: [h * w * c], flattenedFrom: [h, w, c] };
    },
    dense(x, o) {
      if (x.shape.length !== 1) throw new Error(`${o.name}: expects a vector, got [${x.shape.join(', ')}]`);
      const [kernel, bias] = weightsOf(weights, o.name, [2]);
      if (kernel!.shape.join() !== [x.shape[0], o.units].join()) {
        throw new Error(`layer ${o.name}: kernel shape [${kernel!.shape.join(', ')}] does not fit the architecture`);
      }
      const rows = x.flattenedFrom ? rowsToChw(kernel!, x.flattenedFrom) : kernel!.data;
      const b = init(`${o.name}.weight`, [x.shape[0]!, o.units], rows);
      const c = init(`${o.name}.bias`, [o.units], bias!.data);
      return { name: emit('Gemm', o.name, [x.name, b, c], { alpha: { float: 1 }, beta: { float: 1 }, transA: 0, transB: 0 }), shape: [o.units] };
    },
  };
}
