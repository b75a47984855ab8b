// `distill-studio doctor`: which backend a training worker will get and why, and for each
// problem found the one command that fixes it. The backend facts come from running the worker's
// own loader in a child (out/main/native-check.js), so doctor cannot disagree with a real run.
import { activeInstall, nativeRoot, type NativeInstall } from './install-layout';
import { gpuFacts, type GpuFacts } from './gpu-probe';
import { checkPrerequisites, INSTALL_TOOLS_COMMAND } from './prerequisites';
import { runNativeCheck, type CheckResult } from './verify-install';

export interface DoctorReport {
  worker: CheckResult;
  nativeRoot: string;
  installs: { cpu: NativeInstall | null; gpu: NativeInstall | null };
  gpu: GpuFacts;
  buildTools: { name: string; ok: boolean; detail: string }[];
  problems: { problem: string; fix: string }[];
}

const SETUP = 'npm run setup:native   (or: distill-studio setup-backend)';

export function listProblems(r: Omit<DoctorReport, 'problems'>): DoctorReport['problems'] {
  const problems: DoctorReport['problems'] = [];
  const w = r.worker;
  if (!w.ok) problems.push({ problem: `a worker cannot start its backend: ${w.error}`, fix: `${SETUP} --force` });
  if (!r.installs.cpu && !r.installs.gpu) {
    problems.push({ problem: `no native TensorFlow installed: training uses the slow pure-JS backend`, fix: SETUP });
    const missing = r.buildTools.filter((t) => !t.ok);
    if (missing.length) problems.push({ problem: `setup-backend needs ${missing.map((t) => t.name).join(', ')}`, fix: INSTALL_TOOLS_COMMAND });
  } else if (w.ok && w.worker?.name !== 'tensorflow') {
    problems.push({ problem: `a native install exists but the worker did not load it (${w.worker?.reason})`, fix: `${SETUP} --force` });
  }
  if (r.installs.gpu) {
    if (!r.gpu.libcuda)
      problems.push({
        problem: 'no NVIDIA driver (libcuda.so.1 not found)',
        fix: 'install the NVIDIA driver for your GPU (e.g. apt-get install -y nvidia-driver)',
      });
    const missingLibs = r.gpu.cudaLibs.filter((l) => !l.found).map((l) => l.name);
    if (missingLibs.length) problems.push({ problem: `CUDA libraries missing from the GPU install: ${missingLibs.join(', ')}`, fix: `${SETUP} --gpu --force` });
  } else if (r.gpu.libcuda || r.gpu.nvidiaSmi) {
    problems.push({ problem: 'an NVIDIA driver is present but no GPU build is installed', fix: `${SETUP} --gpu` });
  }
  return problems;
}

export async function doctorReport(checkEntry: string, env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const installs = { cpu: activeInstall('cpu', env), gpu: activeInstall('gpu', env) };
  const facts = {
    worker: await runNativeCheck(checkEntry, [], env),
    nativeRoot: nativeRoot(env),
    installs,
    gpu: gpuFacts(installs.gpu?.dir ?? null),
    buildTools: installs.cpu || installs.gpu ? [] : checkPrerequisites(env),
  };
  return { ...facts, problems: listProblems(facts) };
}
