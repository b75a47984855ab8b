// Helper threads for the WebAssembly gemm: N − 1 worker_threads instantiate the shared-memory
// build of gemm.wat over the caller's one shared memory, and each product is split into bands of
// whole 4-row strips of C, one per thread (the calling thread takes band 0), so no two threads
// write the same C entry and none needs a lock. Each thread packs B into its own area.
// Handoff through a small SharedArrayBuffer with Atomics.wait / Atomics.notify (threads sleep
// between products, nothing spins):
//   control[0] job number (bumped per product)  control[1] bands finished by helpers
//   control[2..14] M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate, threads (bytes / floats)
// The caller blocks until every band is done, as a synchronous tfjs kernel must.
// When the machine is busy a helper's core is taken: the caller then waits for a band that has
// not started, and splitting costs more than it gives. BusyBackoff notices (a helper finishing
// long after the caller's equal band, three products running) and keeps products on the calling
// thread for a while before trying again.
import { Worker } from 'node:worker_threads';
import { BusyBackoff } from './busy-backoff';

/** Code of a helper thread (CommonJS, run with `eval`: nothing to bundle or locate on disk). */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index, pack } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
let job = 0;
for (;;) {
  Atomics.wait(control, 0, job);
  job = Atomics.load(control, 0);
  const p = control;
  const M = p[2], N = p[3], K = p[4], a = p[5], rsA = p[6], csA = p[7], b = p[8], rsB = p[9], csB = p[10];
  const c = p[11], ldc = p[12], acc = p[13], threads = p[14];
  const band = Math.ceil(Math.ceil(M / 4) / threads) * 4;
  const i0 = index * band, i1 = Math.min(M, i0 + band);
  if (i1 > i0) gemm(i1 - i0, N, K, a + i0 * rsA * 4, rsA, csA, b, rsB, csB, c + i0 * ldc * 4, ldc, acc, pack);
  Atomics.add(control, 1, 1);
  Atomics.notify(control, 1);
}
`;

/**
 * Products smaller than this many multiply-adds (about 0.3 ms at 50 GFLOP/s) stay on the calling
 * thread: a handoff costs 10–100 µs (a futex wake, more on a VM). At 1 Mi MACs a resnet8 step's
 * ~900 chunk products made two threads 15 % slower than one; at 8 Mi they are 9 % faster.
 */
export const MIN_SPLIT_MACS = 1 << 23;

export type GemmCall = (
  M: number,
  N: number,
  K: number,
  a: number,
  rsA: number,
  csA: number,
  b: number,
  rsB: number,
  csB: number,
  c: number,
  ldc: number,
  accumulate: number,
  pack: number,
) => void;

export class GemmThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(16 * 4));
  private readonly workers: Worker[] = [];
  private readonly backoff = new BusyBackoff();

  /** `packOf(t)`: byte address of thread t's packing area (thread 0 is the caller). */
  constructor(
    readonly threads: number,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    packOf: (t: number) => number,
  ) {
    for (let t = 1; t < threads; t++) {
      const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory, control: this.control, index: t, pack: packOf(t) } });
      worker.unref(); // idle helpers never keep the process alive
      this.workers.push(worker);
    }
  }

  /** Run one product over all threads (the caller's band through `run`), or on the caller alone if small. */
  gemm(run: GemmCall, args: Parameters<GemmCall>): void {
    const [M, N, K] = args;
    const band = Math.ceil(Math.ceil(M / 4) / this.threads) * 4;
    if (this.threads < 2 || M * N * K < MIN_SPLIT_MACS || band >= M || !this.backoff.shouldSplit()) {
      run(...args);
      return;
    }
    const [, , , a, rsA, csA, b, rsB, csB, c, ldc, acc, pack] = args;
    const ctl = this.control;
    ctl.set([M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, acc, this.threads], 2);
    Atomics.store(ctl, 1, 0);
    Atomics.add(ctl, 0, 1);
    Atomics.notify(ctl, 0);
    const start = performance.now();
    run(band, N, K, a, rsA, csA, b, rsB, csB, c, ldc, acc, pack);
    const own = performance.now();
    for (let done = Atomics.load(ctl, 1); done < this.threads - 1; done = Atomics.load(ctl, 1)) Atomics.wait(ctl, 1, done);
    this.backoff.record(own - start, performance.now() - own);
  }

  /** Products run on the calling thread alone since the machine was last found busy (for the logs). */
  get productsBackedOff(): number {
    return this.backoff.skipped;
  }

  /** Stop the helper threads. */
  close(): Promise<number[]> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}
