// The environment a training worker starts with: TensorFlow's GPU memory growth on and its
// start-up logging off, and, when a run sets `threads`, the size of native TensorFlow's
// intra-op pool (read once when the library loads, so it has to be set before the worker starts)
// and the thread count of the WebAssembly kernels, should the worker fall back to them.
// Also glibc's allocator settings (read at process start; other C libraries ignore them), unless
// the user's environment sets them: every kernel of the portable backends writes a new array of
// up to megabytes, and glibc serves each block over its dynamic threshold (128 KiB to 32 MiB) from
// freshly mapped pages, zeroed and faulted in one at a time, and unmaps it on free. Keeping
// blocks up to 32 MiB in the heap, and up to 256 MiB of freed heap for the next step, made an
// MNIST cnn step on the WebAssembly kernels 5–10 % faster (docs/benchmarks.md).
const ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024),
};

export function workerEnv(threads?: number, inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { TF_FORCE_GPU_ALLOW_GROWTH: 'true', TF_CPP_MIN_LOG_LEVEL: '2' };
  for (const [name, value] of Object.entries(ALLOCATOR_ENV)) if (inherited[name] === undefined) env[name] = value;
  if (threads !== undefined) {
    env.TF_NUM_INTRAOP_THREADS = String(threads);
    // a graph step (backends/tensorflow/graph-step.ts) also runs independent ops side by side
    env.TF_NUM_INTEROP_THREADS = String(Math.min(2, threads));
    env.DISTILL_STUDIO_GEMM_THREADS = String(threads);
  }
  return env;
}
