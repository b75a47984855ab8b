// Loads the best tfjs backend for a worker (native TensorFlow when installed, with its training
// steps run as TensorFlow graphs; else pure JS with the fast im2col kernels), shared by the forked
// worker and the headless job worker.
import { activeInstall } from '../../backends/native-setup/install-layout';
import { nodeRequire, packageDir } from '../../package-resolve';
import { chooseGemmEngine } from '../../backends/wasm/select';
import { setGemmEngine } from '../../backends/cpu/gemm-engine';
import { registerFastCpuKernels } from '../../backends/cpu/registry';
import { nativeStepGraphs } from '../../backends/tensorflow';
import { setStepGraphs } from '../core/step-graphs';
import { loadBestBackend } from './backend-loader';
import type { BackendInfo } from './protocol';

const locatePackage = (name: string): string | null => {
  try {
    return packageDir(name);
  } catch {
    return null;
  }
};

export async function prepareBackend(): Promise<BackendInfo> {
  const backend = await loadBestBackend(
    (name) => nodeRequire(name),
    locatePackage,
    (v) => activeInstall(v),
  );
  if (backend.name === 'cpu' && process.env.DISTILL_STUDIO_STOCK_KERNELS !== '1') {
    const fast = registerFastCpuKernels();
    const gemm = chooseGemmEngine(process.env);
    setGemmEngine(gemm.engine);
    backend.reason += `; faster im2col kernels registered for ${fast.join(', ')}; products on the ${gemm.reason}`;
  }
  if (backend.name === 'tensorflow') {
    const graphs = nativeStepGraphs();
    setStepGraphs(graphs);
    if (graphs) backend.reason += '; each training step runs as one TensorFlow graph';
  }
  return backend;
}
