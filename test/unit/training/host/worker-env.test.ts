// The environment a training worker starts with (training/host/worker-env.ts): a run's `threads`
// sizes native TensorFlow's intra-op pool (and its inter-op pool, at most 2) and the WebAssembly kernels' thread count, and
// without it neither is set, so each backend takes its default (every core); glibc's allocator
// settings are added unless the user's environment has them.
import { describe, expect, it } from 'vitest';
import { workerEnv } from '../../../../src-main/training/host/worker-env';

describe('workerEnv', () => {
  it('passes a run’s thread count to both backends', () => {
    const env = workerEnv(3);
    expect(env.TF_NUM_INTRAOP_THREADS).toBe('3');
    expect(env.DISTILL_STUDIO_GEMM_THREADS).toBe('3');
    expect(env.TF_NUM_INTEROP_THREADS).toBe('2');
    expect(env.TF_FORCE_GPU_ALLOW_GROWTH).toBe('true');
  });

  it('keeps a one-thread run on one thread: no second inter-op thread for graph steps', () => {
    const env = workerEnv(1);
    expect(env.TF_NUM_INTRAOP_THREADS).toBe('1');
    expect(env.TF_NUM_INTEROP_THREADS).toBe('1');
  });

  it('leaves thread counts to the backends when the run sets none', () => {
    const env = workerEnv();
    expect(env.TF_NUM_INTRAOP_THREADS).toBeUndefined();
    expect(env.TF_NUM_INTEROP_THREADS).toBeUndefined();
    expect(env.DISTILL_STUDIO_GEMM_THREADS).toBeUndefined();
  });

  it('keeps large blocks in the heap unless the user set the allocator', () => {
    const env = workerEnv(undefined, {});
    expect(env.MALLOC_MMAP_THRESHOLD_).toBe(String(32 * 1024 * 1024));
    expect(env.MALLOC_TRIM_THRESHOLD_).toBe(String(256 * 1024 * 1024));
    const own = workerEnv(2, { MALLOC_MMAP_THRESHOLD_: '65536' });
    expect(own.MALLOC_MMAP_THRESHOLD_).toBeUndefined(); // the inherited value stays in force
    expect(own.MALLOC_TRIM_THRESHOLD_).toBe(String(256 * 1024 * 1024));
  });
});
