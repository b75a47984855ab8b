// Which gemm the fast cpu kernels use in a test run, from the environment, as the worker does:
//   DISTILL_STUDIO_KERNELS=wasm (default) → WebAssembly SIMD;  =js → the JS gemm.
// Lets one suite check both paths: `DISTILL_STUDIO_KERNELS=js npx vitest run …`.
import { chooseGemmEngine } from '../../../src-main/backends/wasm/select';
import { setGemmEngine } from '../../../src-main/backends/cpu';

/** Install the engine the environment asks for; returns its description. */
export function installGemmFromEnv(): string {
  const choice = chooseGemmEngine(process.env);
  setGemmEngine(choice.engine);
  return choice.reason;
}

export function uninstallGemm(): void {
  setGemmEngine(null);
}
