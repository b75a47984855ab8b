// Engines of the peer benchmark (bench/peer.ts): long-lived child processes that each keep their
// models built and answer one JSON request per line (bench/peer/torch_step.py --serve for
// PyTorch, bench/peer/child.mjs for this project's backends). Also creates the PyTorch virtualenv
// (bench/.venv-peer, git-ignored) on first use: `python3 -m venv` + `pip install torch numpy` from
// PyPI. Nothing else (npm install, the tests) ever installs or imports torch.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { workerEnv } from '../../src-main/training/host/worker-env';

export interface Engine {
  name: string;
  threads: number;
  request<T = Record<string, unknown>>(req: Record<string, unknown>): Promise<T>;
  close(): void;
}

/** The venv's python, created (and torch installed) when missing; `log` reports the slow steps. */
export function ensureTorchVenv(benchDir: string, log: (l: string) => void): string {
  const venv = join(benchDir, '.venv-peer');
  const python = join(venv, 'bin', 'python');
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  };
  if (!existsSync(python)) {
    log(`  creating ${venv} (python3 -m venv)`);
    run('python3', ['-m', 'venv', venv]);
  }
  const probe = spawnSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    log('  pip install torch numpy (PyPI; several GB with the CUDA wheels, once)');
    run(python, ['-m', 'pip', 'install', '--quiet', 'torch', 'numpy']);
  }
  return python;
}

function lineEngine(name: string, threads: number, child: ChildProcessWithoutNullStreams): Engine {
  const waiting: Array<{ resolve: (v: never) => void; reject: (e: Error) => void }> = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (!w) return;
    try {
      w.resolve(JSON.parse(line) as never);
    } catch {
      w.reject(new Error(`${name}: unexpected output ${line.slice(0, 200)}`));
    }
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${name} exited (${code}): ${stderr}`));
  });
  return {
    name,
    threads,
    request: <T>(req: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        waiting.push({ resolve: resolve, reject });
        child.stdin.write(`${JSON.stringify(req)}\n`);
      }),
    close: () => child.stdin.end(),
  };
}

/** PyTorch with `threads` intra-op threads (torch.set_num_threads) and one inter-op thread. */
export function torchEngine(python: string, script: string, threads: number): Engine {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), PYTHONWARNINGS: 'ignore' };
  const child = spawn(python, [script, '--serve', '--threads', String(threads), '--interop', '1'], { env });
  return lineEngine(`pytorch-${threads}t`, threads, child);
}

/** How a child of this project runs its step: the native backend, or the cpu backend's kernel set. */
export type NodeKernels = 'native' | 'wasm' | 'js' | 'stock';

/**
 * This project's step in a child process: 'native' on the TensorFlow backend
 * (TF_NUM_INTRAOP_THREADS = threads and at most 2 inter-op threads, as a worker's: a graph step
 * runs independent ops side by side; read when the library loads); on the
 * pure-JS cpu backend 'wasm' (the WebAssembly kernels, DISTILL_STUDIO_GEMM_THREADS = threads),
 * 'js' (the project's JS kernels) or 'stock' (tfjs's own kernels), the last two on one thread.
 * The environment is a training worker's (training/host/worker-env.ts), allocator settings included.
 * `bundle` is the bundled bench/peer.ts, which re-exports node-step.ts's serve().
 */
export function nodeEngine(childScript: string, bundle: string, kernels: NodeKernels, threads: number): Engine {
  const env = {
    ...process.env,
    ...workerEnv(threads),
    DISTILL_STUDIO_KERNELS: kernels === 'native' ? 'wasm' : kernels,
    DISTILL_STUDIO_GEMM_THREADS: String(threads),
  };
  const backend = kernels === 'native' ? 'tensorflow' : 'cpu';
  const child = spawn(process.execPath, [childScript, bundle, backend], { env });
  return lineEngine(`${kernels}-${threads}t`, threads, child);
}
