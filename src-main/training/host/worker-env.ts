// The environment a training worker starts with: TensorFlow's GPU memory growth on and its
// start-up logging off, and, when a run sets `threads`, the size of native TensorFlow's
// intra-op pool (read once when the library loads, so it has to be set before the worker starts)
// and the thread count of the WebAssembly kernels, should the worker fall back to them.
export function workerEnv(threads?: number): Record<string, string> {
  const env: Record<string, string> = { TF_FORCE_GPU_ALLOW_GROWTH: 'true', TF_CPP_MIN_LOG_LEVEL: '2' };
  if (threads !== undefined) {
    env.TF_NUM_INTRAOP_THREADS = String(threads);
    env.DISTILL_STUDIO_GEMM_THREADS = String(threads);
  }
  return env;
}
