// The datasets list stays small however long the history: it counts the runs using a dataset and
// lists only the newest 20, while deleting still considers every run.
import { describe, expect, it } from 'vitest';
import { allRunsUsing, runsUsing } from '../../../src-main/services/datasets-service';
import { addRun, useTestDb } from '../db/fixtures';

const { open } = useTestDb();

describe('runs using a dataset', () => {
  it('counts all, lists the newest 20', () => {
    const db = open();
    for (let i = 0; i < 25; i++) addRun(db, { id: `r${String(i).padStart(2, '0')}`, createdAt: `2025-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z` });
    const { usedBy, usedByCount } = runsUsing(db, 'ds-1');
    expect(usedByCount).toBe(25);
    expect(usedBy).toHaveLength(20);
    expect(usedBy[0]!.id).toBe('r24');
    expect(allRunsUsing(db, 'ds-1')).toHaveLength(25);
    expect(runsUsing(db, 'nothing')).toEqual({ usedBy: [], usedByCount: 0 });
  });
});
