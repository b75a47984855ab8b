// NetOps interpreted analytically: propagates shapes and counts parameters and multiply-adds
// layer by layer from the layer configs, allocating no tensors (instant, for the model list).
// Counting conventions are those of ModelDescription (model-types.ts).
import type { ModelDescription } from './model-types';
import { convOutSize, type Architecture, type NetOps, type Shape } from './net-ops';

/** A value flowing through the meter: its shape without the batch dimension, and whether it is still the image (no weights upstream). */
export interface Meter {
  shape: Shape;
  isInput?: boolean;
}

interface Tally {
  params: number;
  nonTrainableParams: number;
  macs: number;
  /** MACs of a training step: forward + filter gradient + input gradient unless fed by the image. */
  stepMacs: number;
}

/** Forward, weight gradient and (when its input carries a gradient) input gradient of a product. */
const stepMultiple = (x: Meter) => (x.isInput ? 2 : 3);

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
      tally.stepMacs += stepMultiple(x) * oh * ow * weights;
      return checked(o.name, [oh, ow, o.filters]);
    },
    batchNorm(x) {
      const c = x.shape[x.shape.length - 1]!;
      tally.params += 2 * c; // γ, β
      tally.nonTrainableParams += 2 * c; // moving mean, moving variance
      return { shape: x.shape }; // γ and β upstream now: no longer the bare image
    },
    relu: (x) => x,
    add(a, b, name) {
      if (a.shape.join() !== b.shape.join()) throw new Error(`${name}: cannot add [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
      return { shape: a.shape, isInput: Boolean(a.isInput && b.isInput) };
    },
    maxPool(x, name) {
      const [h, w, c] = spatial(x, name);
      return { ...checked(name, [Math.floor(h / 2), Math.floor(w / 2), c]), isInput: x.isInput };
    },
    globalAvgPool: (x, name) => ({ shape: [spatial(x, name)[2]], isInput: x.isInput }),
    flatten: (x) => ({ shape: [x.shape.reduce((a, b) => a * b, 1)], isInput: x.isInput }),
    dense(x, o) {
      if (x.shape.length !== 1) throw new Error(`${o.name}: expects a vector, got [${x.shape.join(', ')}]`);
      const fanIn = x.shape[0]!;
      tally.params += fanIn * o.units + o.units;
      tally.macs += fanIn * o.units;
      tally.stepMacs += stepMultiple(x) * fanIn * o.units;
      return { shape: [o.units] };
    },
  };
}

/** Parameters, MACs and tap shapes of `define` for one input shape, without building it. */
export function measureArchitecture(define: Architecture, inputShape: [number, number, number], numClasses: number): ModelDescription {
  const tally: Tally = { params: 0, nonTrainableParams: 0, macs: 0, stepMacs: 0 };
  const out = define(meterOps(tally), { shape: [...inputShape], isInput: true }, numClasses);
  return {
    params: tally.params,
    nonTrainableParams: tally.nonTrainableParams,
    flops: tally.macs,
    stepMacs: tally.stepMacs,
    taps: [{ name: 'logits', shape: out.logits.shape }, ...out.taps.map((t) => ({ name: t.name, shape: t.tensor.shape }))],
  };
}
