// Loads a freshly built install in a child process (a native crash must not take the CLI down,
// and tfjs-node cannot be loaded twice in one process) and compares conv2d/matMul with pure JS.
import { spawn } from 'node:child_process';

export interface CheckResult {
  ok: boolean;
  error?: string;
  tfVersion?: string;
  maxAbsDiff?: number;
  gpuDevice?: boolean;
  rssBytes?: number;
  seconds?: number;
  threads?: { intraOp: number; interOp: number };
  worker?: {
    name: string;
    package: string;
    gpu: boolean;
    reason: string;
    native?: { tfVersion: string; dir: string; intraOpThreads: number; interOpThreads: number };
  };
}

/** Forward results beyond this are a broken build, not float rounding (oneDNN differs by ~1e-6). */
export const MAX_FORWARD_DIFF = 1e-4;

/** Runs out/main/native-check.js (`checkEntry`) with the given args; never throws. */
export function runNativeCheck(checkEntry: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CheckResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [checkEntry, ...args], {
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', (e) => resolve({ ok: false, error: e.message }));
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as CheckResult);
      } catch {
        const tail = err.trim().split('\n').slice(-3).join(' | ');
        resolve({ ok: false, error: `the check process died (${signal ?? `exit ${code}`}): ${tail}` });
      }
    });
  });
}

/** Why a verification result is not good enough, or null. */
export function checkProblem(r: CheckResult): string | null {
  if (!r.ok) return r.error ?? 'unknown failure';
  if (r.maxAbsDiff === undefined) return 'the native backend did not become active';
  if (!(r.maxAbsDiff <= MAX_FORWARD_DIFF)) return `conv2d/matMul differ from pure JS by ${r.maxAbsDiff}`;
  return null;
}
