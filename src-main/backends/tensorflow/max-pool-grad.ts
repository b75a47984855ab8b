// MaxPoolGrad for the native TensorFlow backend on the CPU with a one-thread intra-op pool (a
// run's `threads` = 1, as in parallel sweeps), where the pooling windows do not overlap (the 2×2,
// stride-2 pools of the zoo's CNNs). TensorFlow's CPU kernel recomputes every window's argmax:
// 4.5–6.5 ms a step for the MNIST cnn's [64, 28, 28, 16] activations at one thread, about a third
// of its native step. This kernel copies dy and x out of TensorFlow, runs the portable backend's
// WebAssembly pooling pass (backends/wasm/max-pool.wat through backends/cpu/max-pool.ts) on its
// own one-thread engine and hands the result back: 2.2 ms with the copies; the cnn step went from
// 17.7–18.9 to 15.0–15.3 ms. With more intra-op threads TensorFlow's kernel runs in parallel and
// the whole step was faster with it (15 against 16–18 ms at two), so index.ts registers this
// kernel only for one thread. As in TensorFlow's kernel the first maximum takes the gradient;
// NaN never does here, where TensorFlow's keeps a NaN in a window's first place (a step whose
// loss is NaN anyway). Overlapping windows, channel counts that are not a multiple of 4, other
// dtypes, a GPU device (whose tensors would have to cross to the host) or no WebAssembly SIMD
// keep TensorFlow's kernel. test/native/max-pool-grad-native.test.ts holds the two equal.
import * as tf from '@tensorflow/tfjs';
import { maxPoolBackwardOn, poolInfo } from '../cpu/max-pool';
import { loadWasmGemm, type WasmGemm } from '../wasm/wasm-gemm';
import { isRecordingOps } from './op-trace';
import { nodeBackend, replaceNativeKernel } from './node-backend';

/** Replaces tfjs-node's MaxPoolGrad for the 'tensorflow' backend (a second call is a no-op). */
export function registerNativeMaxPoolGradKernel(): void {
  let engine: WasmGemm | null | undefined;
  replaceNativeKernel(tf.MaxPoolGrad, (stock) => (args) => {
    const backend = nodeBackend(args.backend);
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    if (backend.isUsingGpuDevice || isRecordingOps() || dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4) return stock(args);
    const info = poolInfo([...input.shape], args.attrs as unknown as tf.MaxPoolGradAttrs);
    if (info.dataFormat !== 'channelsLast') return stock(args);
    engine ??= loadWasmGemm(undefined, 1);
    const dx = maxPoolBackwardOn(engine, backend.readSync(dy.dataId) as Float32Array, backend.readSync(input.dataId) as Float32Array, info);
    if (!dx) return stock(args);
    return { dataId: backend.write(dx, [...input.shape], 'float32'), shape: [...input.shape], dtype: 'float32' };
  });
}
