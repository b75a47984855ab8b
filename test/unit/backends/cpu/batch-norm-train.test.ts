// Batch norm in training mode as one kernel each way (models/batch-norm-train.ts, its cpu kernels
// in backends/cpu/batch-norm-train.ts, used by models/fast-batch-norm-layer.ts) against tfjs's own
// BatchNormalization layer on the stock kernels: output, the gradients of x, γ and β through a
// loss, and the moving statistics after the step, within the fast kernels' tolerance. Without the
// kernels the layer is tfjs's, bit for bit; and it saves and loads as the built-in layer.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerFastCpuKernels, restoreStockCpuKernels, setGemmEngine } from '../../../../src-main/backends/cpu';
import { batchNormTrainGradValues, batchNormTrainValues } from '../../../../src-main/backends/cpu/batch-norm-train';
import { ENGINE_TENSOR_BUDGET_FLOATS, gemmEngine } from '../../../../src-main/backends/cpu/gemm-engine';
import { loadWasmGemm } from '../../../../src-main/backends/wasm/wasm-gemm';
import { BN_TRAIN_KERNEL, hasBatchNormTrainKernels } from '../../../../src-main/training/core/models/batch-norm-train';
import { fastBatchNormalization } from '../../../../src-main/training/core/models/fast-batch-norm-layer';
import { bnStep } from '../../../helpers/batch-norm-step';
import { bothWays, expectIdentical, expectMatch, rand, useCpuBackend } from './helpers';

useCpuBackend();

describe('batch norm in training mode, fused', () => {
  it('registers its kernels with the fast kernels, and the layer takes them only then', () => {
    registerFastCpuKernels();
    expect(tf.getKernel(BN_TRAIN_KERNEL, 'cpu')).toBeDefined();
    expect(hasBatchNormTrainKernels()).toBe(true);
    restoreStockCpuKernels();
    expect(hasBatchNormTrainKernels()).toBe(false);
  });

  it('matches the stock layer: output, ∂x, ∂γ, ∂β and the moving statistics', () => {
    for (const [shape, seed] of [
      [[8, 6, 6, 16], 1],
      [[3, 5, 7, 3], 2],
      [[16, 10], 3],
      [[4, 5, 5, 4], 4], // channels in one vector (the WebAssembly passes take C % 4 = 0)
      [[32, 8], 5],
      [[2, 3, 3, 64], 6],
    ] as const) {
      const x = tf.add(tf.mul(rand([...shape], seed), 3), 0.5); // mean away from 0, variance ≠ 1
      const w = rand([...shape], seed + 10);
      const c = shape[shape.length - 1]!;
      const gamma = tf.add(rand([c], seed + 20), 1.5);
      const beta = rand([c], seed + 30);
      // stock: tfjs's own layer on the stock kernels; fast: the subclass on the fast kernels
      restoreStockCpuKernels();
      const stock = bnStep(() => tf.layers.batchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9 }), x, w, gamma, beta).map((t) =>
        Float32Array.from(t.dataSync()),
      );
      registerFastCpuKernels();
      const fast = bnStep(() => fastBatchNormalization({ axis: -1, epsilon: 1e-5, momentum: 0.9 }), x, w, gamma, beta).map((t) =>
        Float32Array.from(t.dataSync()),
      );
      expectMatch({ stock, fast }, `${shape}`);
      tf.dispose([x, w, gamma, beta]);
    }
  });

  it('runs its passes on the WebAssembly engine with the JS kernel’s float64 sums', () => {
    const engine = loadWasmGemm();
    if (!engine) return; // no WebAssembly SIMD: the JS passes are the only ones
    const C = 16;
    const N = 3000;
    // a mean far from 0 next to a small spread: float32 sums of x² would lose the variance
    const x = Float32Array.from({ length: N * C }, (_, i) => 1000 + (i % C) + Math.sin(i) * 0.01);
    const dy = Float32Array.from({ length: N * C }, (_, i) => Math.cos(i * 0.7));
    const scale = Float32Array.from({ length: C }, (_, c) => 0.5 + c / C);
    const offset = Float32Array.from({ length: C }, (_, c) => c / 7);
    const previous = gemmEngine();
    try {
      setGemmEngine(null);
      const js = batchNormTrainValues(x, C, scale, offset, 1e-5);
      const jsGrad = batchNormTrainGradValues(dy, x, C, scale, js.mean, js.variance, 1e-5);
      setGemmEngine(engine);
      const wasm = batchNormTrainValues(x, C, scale, offset, 1e-5);
      const wasmGrad = batchNormTrainGradValues(dy, x, C, scale, wasm.mean, wasm.variance, 1e-5);
      // the same float64 sums in the same order: statistics and parameter gradients bit for bit
      expect(Array.from(wasm.mean)).toEqual(Array.from(js.mean));
      expect(Array.from(wasm.variance)).toEqual(Array.from(js.variance));
      expect(Array.from(wasmGrad.dScale)).toEqual(Array.from(jsGrad.dScale));
      expect(Array.from(wasmGrad.dOffset)).toEqual(Array.from(jsGrad.dOffset));
      // the variance against float64 from the definition
      for (let c = 0; c < C; c++) {
        let mu = 0;
        for (let p = 0; p < N; p++) mu += x[p * C + c]!;
        mu /= N;
        let v = 0;
        for (let p = 0; p < N; p++) v += (x[p * C + c]! - mu) ** 2;
        expect(Math.abs(wasm.variance[c]! - v / N) / (v / N)).toBeLessThan(1e-3);
      }
      // element-wise maps in float32 on the engine, float64 coefficients in JS
      const maxRel = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))));
      expect(maxRel(wasm.y, js.y)).toBeLessThan(1e-5);
      expect(maxRel(wasmGrad.dx, jsGrad.dx)).toBeLessThan(1e-5);
    } finally {
      setGemmEngine(previous);
    }
  });

  it('keeps tensors beyond the engine budget out of engine memory (it never shrinks)', () => {
    const engine = loadWasmGemm();
    if (!engine) return;
    const C = 4;
    const x = new Float32Array(ENGINE_TENSOR_BUDGET_FLOATS / 2 + C).fill(1.5); // two operands: just over the budget
    x[0] = -2;
    const ones = new Float32Array(C).fill(1);
    const previous = gemmEngine();
    try {
      setGemmEngine(engine);
      const before = engine.memoryBytes;
      const r = batchNormTrainValues(x, C, ones, new Float32Array(C), 1e-5);
      expect(engine.memoryBytes).toBe(before);
      expect(r.mean[0]).toBeCloseTo(1.5, 4);
      expect(r.y[1]).toBeCloseTo(0, 3);
    } finally {
      setGemmEngine(previous);
    }
  });

  it('is tfjs’s own layer, bit for bit, where the backend has no fused kernels', () => {
    const x = rand([4, 3, 3, 8], 5);
    const w = rand([4, 3, 3, 8], 6);
    const gamma = tf.add(rand([8], 7), 1);
    const beta = rand([8], 8);
    restoreStockCpuKernels();
    const stock = bnStep(() => tf.layers.batchNormalization({ axis: -1 }), x, w, gamma, beta).map((t) => Float32Array.from(t.dataSync()));
    const sub = bnStep(() => fastBatchNormalization({ axis: -1 }), x, w, gamma, beta).map((t) => Float32Array.from(t.dataSync()));
    expectIdentical({ stock, fast: sub }, 'fallback');
    tf.dispose([x, w, gamma, beta]);
  });

  it('infers with the moving statistics, as the stock layer does', () => {
    const x = rand([2, 4, 4, 8], 9);
    expectIdentical(
      bothWays(() => {
        const layer = fastBatchNormalization({ axis: -1 });
        layer.apply(tf.input({ shape: [4, 4, 8] }));
        layer.setWeights([tf.fill([8], 1.5), tf.fill([8], 0.25), tf.fill([8], 0.1), tf.fill([8], 2)]);
        return layer.apply(x, { training: false }) as tf.Tensor;
      }),
      'inference',
    );
    x.dispose();
  });

  it('saves as the built-in BatchNormalization and loads with stock tfjs', async () => {
    const input = tf.input({ shape: [4, 4, 2] });
    const model = tf.model({ inputs: input, outputs: fastBatchNormalization({ axis: -1, name: 'bn' }).apply(input) as tf.SymbolicTensor });
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    expect(JSON.stringify(saved!.modelTopology)).toContain('"class_name":"BatchNormalization"');
    const back = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(back.getLayer('bn').getClassName()).toBe('BatchNormalization');
  });
});
