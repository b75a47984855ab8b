// Runs an exported `.onnx` file with onnxruntime-node (CPU execution provider) on batches of raw
// pixels, the way a deployment would: NHWC uint8 samples of the dataset become the NCHW float32
// `image` input; the `logits` output comes back. Required on first use (a plain `require`, as the
// native tfjs packages are, so it resolves the same in the bundle, the asar and the tests), so
// training workers never load it.
import type { InferenceSession } from 'onnxruntime-node';
import { nodeRequire } from '../../package-resolve';

export interface OnnxRunner {
  /** Logits [n, classes] (row-major) of `n` samples given as NHWC uint8 pixels. */
  logits(pixels: Uint8Array, n: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** NHWC uint8 → NCHW float32 raw pixel values. */
export function nhwcToNchw(pixels: Uint8Array, [h, w, c]: readonly [number, number, number], n: number): Float32Array {
  const out = new Float32Array(n * h * w * c);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) out[((b * c + ch) * h + y) * w + x] = pixels[((b * h + y) * w + x) * c + ch]!;
  return out;
}

export async function openOnnx(file: string, shape: readonly [number, number, number]): Promise<OnnxRunner> {
  let ort: typeof import('onnxruntime-node');
  try {
    ort = nodeRequire('onnxruntime-node') as typeof import('onnxruntime-node');
  } catch (e) {
    throw new Error(`onnxruntime-node could not be loaded (${(e as Error).message.split('\n')[0]}); reinstall the app's dependencies`, { cause: e });
  }
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'] });
  } catch (e) {
    throw new Error(`onnxruntime rejected ${file}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  const [h, w, c] = shape;
  return {
    async logits(pixels, n) {
      const image = new ort.Tensor('float32', nhwcToNchw(pixels, shape, n), [n, c, h, w]);
      const out = await session.run({ image });
      return out.logits!.data as Float32Array;
    },
    release: () => session.release(),
  };
}
