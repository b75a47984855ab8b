// The preload runs sandboxed: its bundle may `require` nothing but 'electron' (no node_modules, no
// Node built-ins). This bundles the preload the way electron-vite does (Vite library build, CJS,
// 'electron' external, everything else inlined) and runs the result with a sandbox-like require.
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../../shared/contract';
import { FakeContextBridge, FakeIpcRenderer } from '../../helpers/fake-electron';

const ROOT = resolve(__dirname, '../../..');

async function bundlePreload(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(ROOT, 'src-main/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.js' },
      rollupOptions: { external: ['electron'] },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  expect(chunks).toHaveLength(1); // one file: a sandboxed preload cannot load sibling chunks
  return chunks[0]!.code;
}

describe('preload bundle', () => {
  it('requires only electron and inlines nothing heavy (no zod, no schemas)', async () => {
    const code = await bundlePreload();
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/zod|safeParse|RunConfigSchema/);
    expect(code.length).toBeLessThan(10_000);
  });

  it('runs with a sandbox-like require and exposes the studio API', async () => {
    const code = await bundlePreload();
    const contextBridge = new FakeContextBridge();
    const ipcRenderer = new FakeIpcRenderer();
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return { contextBridge, ipcRenderer };
      throw new Error(`module not found in a sandboxed preload: ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
    const api = contextBridge.exposed['studio'] as {
      invoke: (c: string, i?: unknown) => Promise<unknown>;
      channels: { requests: string[]; events: string[] };
    };
    expect([...api.channels.requests].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect([...api.channels.events].sort()).toEqual([...EVENT_CHANNELS].sort());
    await api.invoke('runs:get', { id: 'r1' });
    expect(ipcRenderer.invokes).toEqual([{ channel: 'studio:runs:get', args: [{ id: 'r1' }] }]);
  });
});
