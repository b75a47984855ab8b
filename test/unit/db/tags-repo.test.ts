// tags-repo: replace semantics, order, duplicates, and that tags need an existing run.
import { describe, expect, it } from 'vitest';
import { getRunTags, setRunTags } from '../../../src-main/db/tags-repo';
import { getRun } from '../../../src-main/db/runs-repo';
import { addRun, useTestDb } from './fixtures';

describe('tags-repo', () => {
  const { open } = useTestDb();

  it('replaces the tag set, keeping the given order', () => {
    const db = open();
    addRun(db, { tags: ['old', 'stale'] });
    setRunTags(db, 'run-1', ['kd', 'cifar', 'baseline']);
    expect(getRunTags(db, 'run-1')).toEqual(['kd', 'cifar', 'baseline']);
    expect(getRun(db, 'run-1')?.tags).toEqual(['kd', 'cifar', 'baseline']);
    setRunTags(db, 'run-1', []);
    expect(getRunTags(db, 'run-1')).toEqual([]);
  });

  it('collapses duplicates and touches only the given run', () => {
    const db = open();
    addRun(db, { id: 'a' });
    addRun(db, { id: 'b', tags: ['keep'] });
    setRunTags(db, 'a', ['x', 'y', 'x']);
    expect(getRunTags(db, 'a')).toEqual(['x', 'y']);
    expect(getRunTags(db, 'b')).toEqual(['keep']);
  });

  it('refuses tags for an unknown run and leaves nothing behind', () => {
    const db = open();
    expect(() => setRunTags(db, 'ghost', ['x'])).toThrow(/FOREIGN KEY/);
    expect(getRunTags(db, 'ghost')).toEqual([]);
  });
});
