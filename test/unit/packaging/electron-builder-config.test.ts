// electron-builder.yml cannot be exercised here (packaging downloads Electron), so this checks
// what would break a release: the schema, the entry point, the native-module unpacking, the
// targets, and that the `files` patterns are sane and agree with the build layout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, matchesGlob, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import viteConfig from '../../../electron.vite.config';
import { appPaths } from '../../../src-main/shell/app-paths';

const ROOT = resolve(__dirname, '../../..');
const config = parse(readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));

const targetsOf = (platform: { target: (string | { target: string })[] }) => platform.target.map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it("matches electron-builder's own configuration schema", async () => {
    // The validator electron-builder runs before packaging; deep import because it is not part
    // of the public API. If an upgrade moves it, this fails loudly rather than passing silently.
    const require = createRequire(resolve(ROOT, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, { isEnabled: false, add: () => undefined })).rejects.toThrow(
      /does not match the API schema/,
    );
  });

  it('names the app and writes installers to dist/', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.productName).toBe('Distill Studio');
    expect(config.directories.output).toBe('dist');
    expect(readFileSync(resolve(ROOT, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m);
  });

  it('starts the app from the built main bundle', () => {
    expect(config.extraMetadata.main).toBe('out/main/index.js');
    expect(pkg.main).toBe(config.extraMetadata.main);
    // ...which is where electron-vite writes the `index` entry of the main build
    const main = viteConfig.main!.build!;
    expect(`${main.outDir}/index.js`).toBe(config.extraMetadata.main);
    expect(Object.keys((main.rollupOptions!.input as Record<string, string>) ?? {})).toContain('index');
  });

  it('the runtime paths the main process uses point at the other builds', () => {
    const mainDir = resolve(ROOT, viteConfig.main!.build!.outDir!);
    const paths = appPaths(mainDir);
    expect(paths.preload).toBe(resolve(ROOT, viteConfig.preload!.build!.outDir!, 'index.js'));
    expect(paths.rendererRoot).toBe(resolve(ROOT, viteConfig.renderer!.build!.outDir!));
    const mainInputs = viteConfig.main!.build!.rollupOptions!.input as Record<string, string>;
    expect(mainInputs).toHaveProperty('worker');
    expect(paths.workerEntry).toBe(resolve(mainDir, 'worker.js'));
  });

  it('packs the build output and package.json with sane patterns', () => {
    const files: string[] = config.files;
    expect(files).toContain('out/**');
    expect(files).toContain('package.json');
    for (const pattern of files) {
      const bare = pattern.replace(/^!/, '');
      expect(isAbsolute(bare), pattern).toBe(false);
      expect(bare.split('/'), pattern).not.toContain('..');
      expect(bare, pattern).not.toContain('\\');
    }
    // electron-builder keeps a file when the last matching pattern includes it
    const packed = (file: string) =>
      files.reduce((kept, p) => (p.startsWith('!') ? (matchesGlob(file, p.slice(1)) ? false : kept) : kept || matchesGlob(file, p)), false);
    for (const needed of [
      'package.json',
      'out/main/index.js',
      'out/main/worker.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc.js',
    ]) {
      expect(packed(needed), needed).toBe(true);
    }
    for (const never of ['src-main/index.ts', 'test/unit/x.test.ts', 'shared/contract.ts', 'docs/release.md', '.git/config', 'out/main/index.js.map']) {
      expect(packed(never), never).toBe(false);
    }
  });

  it('unpacks the whole native packages from the asar, and every one is a shipped dependency', () => {
    const unpack: string[] = config.asarUnpack;
    expect(unpack).toContain('node_modules/@tensorflow/tfjs-node*/**');
    expect(unpack).toContain('node_modules/better-sqlite3/**');
    expect(unpack).toContain('node_modules/onnxruntime-node/**');
    const shipped = { ...pkg.dependencies, ...pkg.optionalDependencies };
    expect(Object.keys(shipped)).toEqual(expect.arrayContaining(['better-sqlite3', 'onnxruntime-node', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']));
    expect(Object.keys(pkg.devDependencies)).not.toContain('better-sqlite3');
    // the glob covers both tfjs native packages and nothing pure-JS
    const glob = /^@tensorflow\/tfjs-node.*$/;
    expect(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'].every((n) => glob.test(n))).toBe(true);
    expect(glob.test('@tensorflow/tfjs')).toBe(false);
  });

  it('does not rebuild native modules and never publishes by itself', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.publish).toBeNull();
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    expect(targetsOf(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(config.linux.maintainer).toBeTruthy(); // deb refuses to build without one
  });

  it('locks Electron fuses that would let someone run the app binary as plain Node', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('has an app icon electron-builder can convert for every OS (PNG, at least 512×512)', () => {
    const png = readFileSync(resolve(ROOT, config.directories.buildResources, 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16)); // square
  });
});
