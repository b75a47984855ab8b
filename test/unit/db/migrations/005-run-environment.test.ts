// Migration 005: runs gain an environment record; older runs read back with environment null.
import { describe, expect, it } from 'vitest';
import { getRun, setRunEnvironment } from '../../../../src-main/db';
import { addRun, useTestDb } from '../fixtures';

const { open } = useTestDb();

describe('migration 005-run-environment', () => {
  it('stores and returns what a run trained with; runs without it read as null', () => {
    const db = open();
    addRun(db, { id: 'a' });
    expect(getRun(db, 'a')!.environment).toBeNull();
    const env = {
      appVersion: '0.1.0',
      tfjsVersion: '4.22.0',
      backendPackage: '@tensorflow/tfjs',
      gpu: false,
      nodeVersion: '22.23.3',
      electronVersion: null,
      platform: 'linux-x64',
      datasetFingerprint: 'f'.repeat(64),
    };
    setRunEnvironment(db, 'a', env);
    expect(getRun(db, 'a')!.environment).toEqual(env);
    expect((db.pragma('table_info(runs)') as { name: string }[]).some((c) => c.name === 'environment_json')).toBe(true);
  });
});
