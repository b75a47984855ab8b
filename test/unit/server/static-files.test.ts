// resolveStatic never hands out a file outside the renderer folder: not through `..` (plain or
// percent-encoded), encoded separators, NUL, backslashes, absolute paths, or a symlink inside
// the folder that points out of it.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveStatic } from '../../../src-main/server/static-files';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let root: string;
let outside: string;

beforeEach(() => {
  const dir = tempDir();
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), '1');
  outside = join(dir, 'secret.txt');
  writeFileSync(outside, 'do not serve');
});

describe('resolveStatic', () => {
  it('serves files of the build, and index.html for /', () => {
    expect(resolveStatic(root, '/')).toMatch(/index\.html$/);
    expect(resolveStatic(root, '/assets/app.js')).toMatch(/assets[/\\]app\.js$/);
    expect(resolveStatic(root, '/assets/%61pp.js')).toMatch(/app\.js$/);
  });

  it('refuses traversal in every spelling', () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%00',
      '/index.html%00.js',
      `/${outside}`,
      `/%2f${encodeURIComponent(outside.slice(1))}`,
      '/%zz',
    ]) {
      expect(resolveStatic(root, path), path).toBeNull();
    }
  });

  it('refuses folders and missing files', () => {
    expect(resolveStatic(root, '/assets')).toBeNull();
    expect(resolveStatic(root, '/assets/')).toBeNull();
    expect(resolveStatic(root, '/nope.js')).toBeNull();
  });

  it('refuses a symlink inside the folder that points outside it', () => {
    symlinkSync(outside, join(root, 'assets', 'link.js'));
    symlinkSync(join(root, '..'), join(root, 'up'));
    expect(resolveStatic(root, '/assets/link.js')).toBeNull();
    expect(resolveStatic(root, '/up/secret.txt')).toBeNull();
  });

  it('follows a symlink that stays inside the folder', () => {
    symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
    expect(resolveStatic(root, '/alias.js')).not.toBeNull();
  });

  it('works when the renderer folder itself is reached through a symlink', () => {
    const linked = join(root, '..', 'renderer-link');
    symlinkSync(root, linked);
    expect(resolveStatic(linked, '/assets/app.js')).toMatch(/app\.js$/);
    expect(resolveStatic(linked, '/../secret.txt')).toBeNull();
  });
});
