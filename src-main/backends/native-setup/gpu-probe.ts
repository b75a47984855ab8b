// What a CUDA build of TensorFlow needs from the host and from its install folder: the NVIDIA
// driver's libcuda.so.1 (host), nvidia-smi (driver tools), and the CUDA/cuDNN libraries that the
// GPU wheel's RUNPATH expects under deps/nvidia/<part>/lib. Read-only; nothing here loads them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface GpuFacts {
  libcuda: string | null;
  nvidiaSmi: string | null;
  /** Per CUDA/cuDNN library of a GPU install: found or not (empty without a GPU install). */
  cudaLibs: { name: string; found: boolean }[];
}

/** Libraries TensorFlow 2.16's CUDA build opens, with the nvidia-* wheel folder each comes from. */
export const CUDA_LIBS: { part: string; prefix: string; wheel: string }[] = [
  { part: 'cuda_runtime', prefix: 'libcudart.so.12', wheel: 'nvidia-cuda-runtime-cu12' },
  { part: 'cublas', prefix: 'libcublas.so.12', wheel: 'nvidia-cublas-cu12' },
  { part: 'cudnn', prefix: 'libcudnn.so.8', wheel: 'nvidia-cudnn-cu12' },
  { part: 'cufft', prefix: 'libcufft.so.11', wheel: 'nvidia-cufft-cu12' },
  { part: 'cusolver', prefix: 'libcusolver.so.11', wheel: 'nvidia-cusolver-cu12' },
  { part: 'cusparse', prefix: 'libcusparse.so.12', wheel: 'nvidia-cusparse-cu12' },
];

/** libcuda.so.1 from the loader cache (ldconfig -p), else the usual driver folders. */
export function findLibcuda(): string | null {
  const r = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  const hit = (r.stdout ?? '').split('\n').find((l) => l.trim().startsWith('libcuda.so.1 '));
  if (hit) return hit.split('=>').pop()!.trim();
  for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib/wsl/lib', '/usr/local/nvidia/lib64']) {
    if (existsSync(join(dir, 'libcuda.so.1'))) return join(dir, 'libcuda.so.1');
  }
  return null;
}

export function nvidiaSmi(): string | null {
  const r = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function cudaLibsIn(installDir: string): GpuFacts['cudaLibs'] {
  return CUDA_LIBS.map(({ part, prefix }) => {
    const dir = join(installDir, 'deps', 'nvidia', part, 'lib');
    const found = existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(prefix));
    return { name: prefix, found };
  });
}

export function gpuFacts(gpuInstallDir: string | null): GpuFacts {
  return { libcuda: findLibcuda(), nvidiaSmi: nvidiaSmi(), cudaLibs: gpuInstallDir ? cudaLibsIn(gpuInstallDir) : [] };
}
