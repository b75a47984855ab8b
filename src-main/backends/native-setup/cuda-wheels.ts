// The CUDA libraries of a GPU build: TensorFlow's wheel names them as its `and-cuda` extra
// (nvidia-*-cu12 wheels, pinned to the versions it was built with). Their `nvidia/<part>/lib`
// folders are unzipped to deps/nvidia/, where the RUNPATH of the wheel's libtensorflow
// ($ORIGIN/../nvidia/<part>/lib) finds them without LD_LIBRARY_PATH. The host only needs the
// NVIDIA driver (libcuda.so.1).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function python(script: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(env.PYTHON || 'python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 22 });
  if (r.status !== 0) throw new Error((r.stderr || r.error?.message || 'python failed').trim().split('\n').pop());
  return r.stdout;
}

const REQUIREMENTS_SCRIPT = `
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
meta = next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))
reqs = []
for line in z.read(meta).decode().splitlines():
    m = re.match(r"Requires-Dist: (nvidia-[\\w-]+) *(==[\\w.]+) *; *extra == .and-cuda.", line)
    if m: reqs.append(m.group(1) + m.group(2))
print(json.dumps(reqs))
`;

/** `nvidia-…-cu12==x.y` pins of the TensorFlow wheel's `and-cuda` extra. */
export function cudaRequirements(tfWheel: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const reqs = JSON.parse(python(REQUIREMENTS_SCRIPT, [tfWheel], env)) as string[];
  if (reqs.length === 0) throw new Error(`${tfWheel} lists no CUDA wheels (extra "and-cuda")`);
  return reqs;
}

const EXTRACT_SCRIPT = `
import os, shutil, sys, zipfile
z, deps, n = zipfile.ZipFile(sys.argv[1]), sys.argv[2], 0
for name in z.namelist():
    parts = name.split('/')
    if len(parts) >= 4 and parts[0] == 'nvidia' and parts[2] == 'lib' and not name.endswith('/'):
        dest = os.path.join(deps, name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(name) as src, open(dest, 'wb') as out:
            shutil.copyfileobj(src, out, 1 << 20)
        n += 1
print(n)
`;

/** Unzips `nvidia/<part>/lib/*` of one nvidia wheel into `<pkg>/deps/`; returns the file count. */
export function extractCudaWheel(wheel: string, packageDir: string, env: NodeJS.ProcessEnv = process.env): number {
  return Number(python(EXTRACT_SCRIPT, [wheel, join(packageDir, 'deps')], env));
}
