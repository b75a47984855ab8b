// Takes from the TensorFlow wheel only what the tfjs-node addon links and compiles against: the
// two shared libraries (C API in libtensorflow_cc, runtime in libtensorflow_framework; neither
// needs libpython) and the 14 C-API headers. Python's zipfile does the unzipping, since pip
// already requires Python. binding.gyp links `-ltensorflow`: a symlink to libtensorflow_cc does.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Header paths under the wheel's `tensorflow/include/` (tsl_status.h moved to xla/ in TF 2.17). */
const HEADER_PATTERN = String.raw`^tensorflow/include/((tensorflow/c/(c_api|c_api_macros|tf_attrtype|tf_buffer|tf_datatype|tf_status|tf_tensor|tf_tstring)\.h)|(tensorflow/c/eager/c_api\.h)|((tensorflow/core|tsl)/platform/ctstring(_internal)?\.h)|((xla/)?tsl/c/tsl_status\.h))$`;
/** The CUDA wheel keeps the same names; a GPU build adds nothing here (its CUDA libs come from nvidia-* wheels). */
const LIBRARIES = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'];

const SCRIPT = `
import json, os, re, shutil, sys, zipfile
wheel, deps, pattern, libs = sys.argv[1], sys.argv[2], re.compile(sys.argv[3]), json.loads(sys.argv[4])
z = zipfile.ZipFile(wheel)
headers, found = 0, []
for name in z.namelist():
    m = pattern.match(name)
    if m:
        dest = os.path.join(deps, 'include', m.group(1))
    elif name in libs:
        dest = os.path.join(deps, 'lib', os.path.basename(name))
        found.append(name)
    else:
        continue
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with z.open(name) as src, open(dest, 'wb') as out:
        shutil.copyfileobj(src, out, 1 << 20)
    headers += 1 if m else 0
print(json.dumps({"headers": headers, "libraries": found}))
`;

export interface ExtractResult {
  headers: number;
  libraries: string[];
}

/** Extracts into `<pkg>/deps/{lib,include}`; throws when the wheel lacks the C API. */
export function extractWheel(wheel: string, packageDir: string, env: NodeJS.ProcessEnv = process.env): ExtractResult {
  const deps = join(packageDir, 'deps');
  mkdirSync(join(deps, 'lib'), { recursive: true });
  const python = env.PYTHON || 'python3';
  const r = spawnSync(python, ['-c', SCRIPT, wheel, deps, HEADER_PATTERN, JSON.stringify(LIBRARIES)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`unpacking ${wheel} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
  const result = JSON.parse(r.stdout) as ExtractResult;
  if (result.libraries.length !== LIBRARIES.length || result.headers < 14) {
    throw new Error(`the wheel lacks the TensorFlow C API (found ${result.libraries.length} of 2 libraries, ${result.headers} of 14 headers)`);
  }
  symlinkSync('libtensorflow_cc.so.2', join(deps, 'lib', 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(deps, 'lib', 'libtensorflow_framework.so'));
  return result;
}
