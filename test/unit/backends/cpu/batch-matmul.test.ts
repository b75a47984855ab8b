// The blocked BatchMatMul kernel against tfjs' stock cpu kernel: every transpose combination,
// batch sizes 1–64 (NST's [B, HW, C] samples), rank 2–4, batch broadcasting, sizes that are not
// multiples of the 4×4 register block, K = 0 and 1, and the Gram path (one tensor times itself)
// against the full product. Sums run in double here and in rounded float32 blocks of 50 in the
// stock kernel: agreement is required to 1e-5 of the largest |value| of each result.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/seeded-random';
import { batchMatMul, planMatMul } from '../../../../src-main/backends/cpu/batch-matmul';
import { bothWays, expectIdentical, maxDiff, rand, useCpuBackend } from './helpers';

useCpuBackend();

const GEMM_TOL = 1e-5;

/** Every output within GEMM_TOL of the largest |stock| value (floor 1e-30 for all-zero results). */
function expectGemmMatch(r: { stock: Float32Array[]; fast: Float32Array[] }, what: string): number {
  let worst = 0;
  r.stock.forEach((s, i) => {
    const f = r.fast[i]!;
    expect(f.length, `${what} output ${i} size`).toBe(s.length);
    const { diff } = maxDiff(f, s);
    const scale = s.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-30);
    expect(diff / scale, `${what} output ${i}: max |diff| ${diff} at scale ${scale}`).toBeLessThanOrEqual(GEMM_TOL);
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}

type Case = { a: number[]; b: number[]; tA: boolean; tB: boolean };

/** Shapes of a and b for op(a) [.., M, K] · op(b) [.., K, N]. */
function shapes(batchA: number[], batchB: number[], M: number, N: number, K: number, tA: boolean, tB: boolean): Case {
  return { a: [...batchA, ...(tA ? [K, M] : [M, K])], b: [...batchB, ...(tB ? [N, K] : [K, N])], tA, tB };
}

const TRANSPOSES: Array<[boolean, boolean]> = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

const HAND_PICKED: Array<[number[], number[], number, number, number]> = [
  [[], [], 1, 1, 1],
  [[], [], 5, 7, 3],
  [[], [], 64, 10, 1568], // dense-layer gradient sizes
  [[], [], 33, 65, 129], // not multiples of the 4×4 block
  [[2], [2], 4, 4, 4],
  [[64], [64], 32, 32, 196], // NST C×C kernel matrices of [64, 196, 32] samples
  [[64], [64], 196, 32, 32], // their gradient
  [[8], [8], 64, 64, 512], // NST HW×HW form
  [[3], [1], 6, 5, 7], // b broadcast over the batch
  [[1], [3], 6, 5, 7], // a broadcast
  [[2, 3], [2, 3], 5, 6, 4], // rank 4
  [[2, 3], [], 5, 6, 4], // rank 4 × rank 2
  [[4], [4], 3, 9, 1], // K = 1: outer products
  [[2], [2], 3, 4, 0], // K = 0: zeros
];

function randomCases(n: number, seed: number): Array<[number[], number[], number, number, number]> {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: n }, () => {
    const batch = pick([[], [1], [2], [5], [8]]);
    return [batch, batch, pick([1, 2, 3, 7, 16, 31]), pick([1, 4, 5, 17, 32]), pick([1, 2, 9, 50, 51, 100, 130])];
  });
}

describe('BatchMatMul kernel', () => {
  const cases = [...HAND_PICKED, ...randomCases(24, 7)].flatMap(([ba, bb, M, N, K]) => TRANSPOSES.map(([tA, tB]) => shapes(ba, bb, M, N, K, tA, tB)));

  it(`matches the stock kernel on ${cases.length} shape / transpose combinations`, () => {
    let worst = 0;
    cases.forEach((c, i) => {
      const a = rand(c.a, 10 + i);
      const b = rand(c.b, 500 + i);
      worst = Math.max(
        worst,
        expectGemmMatch(
          bothWays(() => tf.matMul(a, b, c.tA, c.tB)),
          `a[${c.a}] b[${c.b}] tA=${c.tA} tB=${c.tB}`,
        ),
      );
      tf.dispose([a, b]);
    });
    expect(worst).toBeLessThanOrEqual(GEMM_TOL);
  });

  it('gradients (matMuls with transposes) match the stock kernel', () => {
    for (const [tA, tB] of TRANSPOSES) {
      const c = shapes([4], [4], 13, 6, 21, tA, tB);
      const a = rand(c.a, 1);
      const b = rand(c.b, 2);
      const dy = rand([4, 13, 6], 3);
      const grads = () => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, tA, tB), dy)))([a, b]);
      expectGemmMatch(bothWays(grads), `grads tA=${tA} tB=${tB}`);
      tf.dispose([a, b, dy]);
    }
  });

  it('a tensor times itself (Gram matrices XᵀX, XXᵀ) matches the stock kernel and the fast full product bit for bit', () => {
    for (const [batch, rows, cols] of [
      [8, 196, 32],
      [3, 7, 5],
      [2, 9, 13],
      [1, 4, 4],
      [5, 2, 1],
      [2, 300, 6],
    ] as const) {
      const x = rand([batch, rows, cols], rows + cols);
      const copy = tf.add(x, 0); // same values, another tensor: the general path
      for (const [tA, tB] of [
        [true, false],
        [false, true],
      ] as const) {
        expectGemmMatch(
          bothWays(() => tf.matMul(x, x, tA, tB)),
          `gram [${batch},${rows},${cols}] tA=${tA}`,
        );
        const gram = tf.matMul(x, x, tA, tB);
        const full = tf.matMul(x, copy, tA, tB);
        expectIdentical({ stock: [full.dataSync() as Float32Array], fast: [gram.dataSync() as Float32Array] }, 'gram vs full');
        const g = gram.arraySync() as number[][][];
        g.forEach((m) => m.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(m[j]![i]))));
        tf.dispose([gram, full]);
      }
      tf.dispose([x, copy]);
    }
  });

  it('Gram matrices wider than one panel of the blocked product (K large, N > panel)', () => {
    const K = 4096; // 64 Ki floats per panel → 16 columns per panel
    const x = new Float32Array(37 * K).map((_, i) => Math.sin(i * 0.37));
    const plan = planMatMul([37, K], [37, K], false, true)!;
    const gram = batchMatMul(x, x, plan, true);
    const full = batchMatMul(x, Float32Array.from(x), plan, false);
    expectIdentical({ stock: [full], fast: [gram] }, 'gram vs full, several panels');
  });

  it('_FusedMatMul: bias per column, single or full-shape, with linear / relu / relu6 / leakyrelu; other cases through stock', () => {
    const a = rand([3, 5, 7], 20);
    const b = rand([3, 7, 6], 21);
    const biases = [rand([6], 22), rand([1], 23), rand([3, 5, 6], 24), rand([5, 6], 25), rand([1, 1, 6], 26)];
    const activations = ['linear', 'relu', 'relu6', 'leakyrelu', 'elu', 'sigmoid'] as const;
    for (const bias of [undefined, ...biases]) {
      for (const activation of activations) {
        const run = () => tf.fused.matMul({ a, b, bias, activation, leakyreluAlpha: 0.2 });
        expectGemmMatch(bothWays(run), `bias ${bias?.shape ?? 'none'} ${activation}`);
      }
    }
    const alpha = rand([6], 27);
    expectGemmMatch(
      bothWays(() => tf.fused.matMul({ a, b, activation: 'prelu', preluActivationWeights: alpha })),
      'prelu',
    );
    const x = rand([8, 40], 28);
    const w = rand([40, 10], 29);
    const bias = rand([10], 30);
    const dense = () =>
      tf.grads((u: tf.Tensor, v: tf.Tensor, c: tf.Tensor) => tf.sum(tf.square(tf.fused.matMul({ a: u, b: v, bias: c, activation: 'relu' }))))([x, w, bias]);
    expectGemmMatch(bothWays(dense), 'dense layer gradients');
    tf.dispose([a, b, ...biases, alpha, x, w, bias]);
  });

  it('leaves unsupported inputs to the stock kernel: int32, incompatible batches', () => {
    const a = tf.tensor3d(
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      [1, 2, 2],
      'int32',
    );
    expectIdentical(
      bothWays(() => tf.matMul(a, a)),
      'int32',
    );
    expect(planMatMul([2, 3, 4, 5], [3, 2, 5, 4], false, false)).toBeNull();
    expect(planMatMul([2, 4, 5], [2, 4, 5], false, false)).toBeNull(); // K mismatch: stock throws
    expect(() => tf.matMul(tf.ones([2, 4, 5]), tf.ones([2, 4, 5]))).toThrow();
    a.dispose();
  });
});
