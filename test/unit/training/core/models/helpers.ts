// Shared helpers for the model-zoo tests: the test backend (test/helpers/test-backend.ts), parameter/MAC counts derived by
// hand from the PyTorch reference definitions (RepDistiller resnet.py, wrn.py, vgg.py), and a MAC
// count read back from the layers of a built tf.LayersModel.
import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';
import { selectTestBackend } from '../../../../helpers/test-backend';

/** Every test of the file runs on the test backend (pure JS, or native in the native project). */
export function useTestBackend(): void {
  beforeAll(() => selectTestBackend());
}

const conv = (cin: number, cout: number, k: number) => k * k * cin * cout; // no bias
const bn = (c: number) => 2 * c; // γ, β (trainable only)
const linear = (cin: number, cout: number) => cin * cout + cout;

/** RepDistiller ResNet(depth, [w0, w1, w2, w3]) trainable parameters. */
export function refResnetParams(depth: number, w: number[], classes: number, inCh = 3): number {
  const n = (depth - 2) / 6;
  let p = conv(inCh, w[0]!, 3) + bn(w[0]!);
  let cin = w[0]!;
  for (let s = 1; s <= 3; s++) {
    const cout = w[s]!;
    for (let b = 0; b < n; b++) {
      const stride = s > 1 && b === 0 ? 2 : 1;
      p += conv(cin, cout, 3) + bn(cout) + conv(cout, cout, 3) + bn(cout);
      if (stride !== 1 || cin !== cout) p += conv(cin, cout, 1) + bn(cout); // downsample
      cin = cout;
    }
  }
  return p + linear(w[3]!, classes);
}

/** RepDistiller WideResNet(depth, k) trainable parameters. */
export function refWrnParams(depth: number, k: number, classes: number, inCh = 3): number {
  const n = (depth - 4) / 6;
  const ch = [16, 16 * k, 32 * k, 64 * k];
  let p = conv(inCh, 16, 3);
  for (let g = 1; g <= 3; g++) {
    for (let b = 0; b < n; b++) {
      const cin = b === 0 ? ch[g - 1]! : ch[g]!;
      const cout = ch[g]!;
      p += bn(cin) + conv(cin, cout, 3) + bn(cout) + conv(cout, cout, 3);
      if (cin !== cout) p += conv(cin, cout, 1); // convShortcut
    }
  }
  return p + bn(64 * k) + linear(64 * k, classes);
}

/** RepDistiller VGG(cfg, batch_norm=True): convs keep their bias. */
export function refVggParams(cfg: number[][], classes: number, inCh = 3): number {
  let p = 0;
  let cin = inCh;
  for (const v of cfg.flat()) {
    p += conv(cin, v, 3) + v + bn(v);
    cin = v;
  }
  return p + linear(512, classes);
}

/** Multiply-adds of every Conv2D and Dense layer of a built model, from the layers themselves. */
export function macsOfLayers(model: tf.LayersModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Conv2D' && cls !== 'Dense') continue;
    const kernelSize = layer.weights[0]!.shape.reduce<number>((a, b) => a * (b ?? 0), 1); // [k, k, C_in, C_out] | [in, out]
    const out = layer.outputShape as number[];
    const positions = cls === 'Conv2D' ? out[1]! * out[2]! : 1;
    macs += positions * kernelSize;
  }
  return macs;
}
