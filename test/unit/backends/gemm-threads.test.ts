// The threaded WebAssembly gemm (shared memory, helper worker_threads splitting C into row bands)
// gives the single-threaded engine's results bit for bit — each entry is the same float32 sum in
// the same order, only computed on another thread — on shapes large enough to be split, with
// bands that end mid-matrix and a last band shorter than the others, and on small ones it keeps.
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { MIN_SPLIT_MACS } from '../../../src-main/backends/wasm/gemm-threads';
import { chooseGemmEngine } from '../../../src-main/backends/wasm/select';
import { supportedVariant, WasmGemm } from '../../../src-main/backends/wasm/wasm-gemm';
import { randomFloats } from './random-floats';

const random = randomFloats;

const variant = supportedVariant();

describe.runIf(variant !== null)('WasmGemm on several threads', () => {
  const single = new WasmGemm(variant!);
  const engines = [2, 3].map((t) => new WasmGemm(variant!, t));
  afterAll(() => Promise.all(engines.map((e) => e.close())));

  function product(e: WasmGemm, M: number, N: number, K: number, transA: boolean, accumulate: boolean): Float32Array {
    const [rsA, csA] = transA ? [1, M] : [K, 1];
    const [a, b, c] = e.views([M * K, N * K, M * N]);
    a!.set(random(M * K, M + K));
    b!.set(random(N * K, N + 7));
    c!.set(random(M * N, 3));
    e.gemm(M, N, K, a!, rsA, csA, b!, K, 1, c!, N, accumulate);
    return c!.slice();
  }

  for (const [M, N, K] of [
    [301, 37, 1290], // split: bands end mid-matrix, the last one shorter
    [1000, 64, 576],
    [144, 16, 4096],
    [7, 300, 600], // too small to split
    [30, 10, 10],
  ] as const) {
    for (const transA of [false, true]) {
      it(`M ${M} N ${N} K ${K}${transA ? ', A transposed' : ''}: identical to one thread${M * N * K >= MIN_SPLIT_MACS ? ' (split)' : ''}`, () => {
        const want = product(single, M, N, K, transA, true);
        for (const e of engines) {
          expect(e.name).toContain(`${e.threads} threads`);
          const got = product(e, M, N, K, transA, true);
          const bad = want.findIndex((v, i) => !Object.is(v, got[i]));
          expect(bad, `${e.threads} threads: first difference at ${bad}`).toBe(-1);
        }
      });
    }
  }

  it('DISTILL_STUDIO_GEMM_THREADS picks the thread count and rejects nonsense', async () => {
    const choice = chooseGemmEngine({ DISTILL_STUDIO_GEMM_THREADS: '2' });
    expect(choice.engine?.threads).toBe(2);
    expect(choice.reason).toContain('2 threads');
    await choice.engine?.close();
    const byDefault = chooseGemmEngine({}).engine;
    expect(byDefault?.threads).toBe(Math.min(availableParallelism(), 64)); // every core
    await byDefault?.close();
    const one = chooseGemmEngine({ DISTILL_STUDIO_GEMM_THREADS: '1' });
    expect(one.engine?.threads).toBe(1);
    expect(one.reason).not.toContain('threads');
    expect(() => chooseGemmEngine({ DISTILL_STUDIO_GEMM_THREADS: 'many' })).toThrow(/integer/);
  });
});
