// NetOps interpreted analytically: propagates shapes and counts parameters and multiply-adds
// layer by layer from the layer configs, allocating no tensors (instant, for the model list).
// Counting conventions are those of ModelDescription (model-types.ts).
import type { ModelDescription } from './model-types';
import { convOutSize, type Architecture, type NetOps, type Shape } from './net-ops';

/** A value flowing through the meter: just its shape without the batch dimension. */
export interface Meter {
  shape: Shape;
}

interface Tally {
  params: number;
  nonTrainableParams: number;
  macs: number;
}

function spatial(x: Meter, op: string): [number, number, number] {
  if (x.shape.length !== 3) throw new Error(`${op}: expects a [H, W, C] map, got [${x.shape.join(', ')}]`);
  return x.shape as [number, number, number];
}

/** Meter ops adding into `tally`. Throws when a layer would produce an empty map. */
export function meterOps(tally: Tally): NetOps<Meter> {
  const checked = (name: string, shape: Shape): Meter => {
    if (shape.some((d) => d < 1)) throw new Error(`${name}: input too small, output shape [${shape.join(', ')}]`);
    return { shape };
  };
  return {
    shapeOf: (x) => [...x.shape],
    conv(x, o) {
      const [h, w, c] = spatial(x, o.name);
      const s = o.stride ?? 1;
      const oh = convOutSize(h, o.kernel, s);
      const ow = convOutSize(w, o.kernel, s);
      const weights = o.kernel * o.kernel * c * o.filters; // kernel [k, k, C_in, C_out]
      tally.params += weights + (o.bias ? o.filters : 0);
      tally.macs += oh * ow * weights;
      return checked(o.name, [oh, ow, o.filters]);
    },
    batchNorm(x) {
      const c = x.shape[x.shape.length - 1]!;
      tally.params += 2 * c; // γ, β
      tally.nonTrainableParams += 2 * c; // moving mean, moving variance
      return x;
    },
    relu: (x) => x,
    add(a, b, name) {
      if (a.shape.join() !== b.shape.join()) throw new Error(`${name}: cannot add [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
      return a;
    },
    maxPool(x, name) {
      const [h, w, c] = spatial(x, name);
      return checked(name, [Math.floor(h / 2), Math.floor(w / 2), c]);
    },
    globalAvgPool: (x, name) => ({ shape: [spatial(x, name)[2]] }),
    flatten: (x) => ({ shape: [x.shape.reduce((a, b) => a * b, 1)] }),
    dense(x, o) {
      if (x.shape.length !== 1) throw new Error(`${o.name}: expects a vector, got [${x.shape.join(', ')}]`);
      const fanIn = x.shape[0]!;
      tally.params += fanIn * o.units + o.units;
      tally.macs += fanIn * o.units;
      return { shape: [o.units] };
    },
  };
}

/** Parameters, MACs and tap shapes of `define` for one input shape, without building it. */
export function measureArchitecture(define: Architecture, inputShape: [number, number, number], numClasses: number): ModelDescription {
  const tally: Tally = { params: 0, nonTrainableParams: 0, macs: 0 };
  const out = define(meterOps(tally), { shape: [...inputShape] }, numClasses);
  return {
    params: tally.params,
    nonTrainableParams: tally.nonTrainableParams,
    flops: tally.macs,
    taps: [{ name: 'logits', shape: out.logits.shape }, ...out.taps.map((t) => ({ name: t.name, shape: t.tensor.shape }))],
  };
}
