// Folder paths from ids: run and dataset folders stay inside their parent whatever the id says.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPath, dataPaths } from '../../../src-main/services/data-dir';
import { StudioFailure } from '../../../shared/result';

describe('childPath', () => {
  it('accepts the ids the app makes', () => {
    const p = dataPaths('/data');
    expect(p.runDir('0b7f5a9e-3c1d-4e2f-8a6b-9c0d1e2f3a4b')).toBe(join('/data', 'runs', '0b7f5a9e-3c1d-4e2f-8a6b-9c0d1e2f3a4b'));
    expect(p.datasetDir('mnist-demo')).toBe(join('/data', 'datasets', 'mnist-demo'));
    expect(p.datasetDir('cifar-10-a1b2c3')).toBe(join('/data', 'datasets', 'cifar-10-a1b2c3'));
  });

  it.each(['..', '.', '', '../x', 'a/b', '/etc', 'a\\b', '.hidden', 'x\u0000y', 'x'.repeat(200)])('refuses %j', (id) => {
    expect(() => childPath('/data/runs', id, 'run')).toThrow(StudioFailure);
    expect(() => dataPaths('/data').runDir(id)).toThrow(/run id .* is not a valid id/);
  });
});
