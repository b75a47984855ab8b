// artifacts-repo: round-trip, per-run listing in insertion order, and the run reference.
import { describe, expect, it } from 'vitest';
import { insertArtifact, listArtifacts } from '../../../src-main/db/artifacts-repo';
import { addRun, useTestDb } from './fixtures';

describe('artifacts-repo', () => {
  const { open } = useTestDb();

  it('round-trips artifacts and lists a run’s in the order recorded', () => {
    const db = open();
    addRun(db, { id: 'a' });
    addRun(db, { id: 'b' });
    const before = Date.now();
    const ckpt = insertArtifact(db, { runId: 'a', kind: 'checkpoint', path: 'runs/a/ckpt-1', bytes: 5_000_000_000, sha256: 'aa' });
    insertArtifact(db, { runId: 'b', kind: 'checkpoint', path: 'runs/b/ckpt-1', bytes: 1, sha256: 'bb' });
    const model = insertArtifact(db, { runId: 'a', kind: 'tfjs-model', path: 'runs/a/model', bytes: 42, sha256: 'cc' });

    expect(ckpt).toMatchObject({ runId: 'a', kind: 'checkpoint', path: 'runs/a/ckpt-1', bytes: 5_000_000_000, sha256: 'aa' });
    expect(Date.parse(ckpt.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(ckpt.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(listArtifacts(db, 'a')).toEqual([ckpt, model]);
    expect(listArtifacts(db, 'b').map((x) => x.sha256)).toEqual(['bb']);
    expect(listArtifacts(db, 'ghost')).toEqual([]);
  });

  it('refuses an artifact of an unknown run', () => {
    const db = open();
    expect(() => insertArtifact(db, { runId: 'ghost', kind: 'k', path: 'p', bytes: 1, sha256: 'h' })).toThrow(/FOREIGN KEY/);
  });
});
