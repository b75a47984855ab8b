// Run tags: free-form labels on runs, kept in the order the user gave them.
import type Database from 'better-sqlite3';

/** Replace a run's tags with `tags` (duplicates collapse to their first occurrence). */
export function setRunTags(db: Database.Database, runId: string, tags: string[]): void {
  const replace = db.transaction(() => {
    db.prepare('DELETE FROM run_tags WHERE run_id = ?').run(runId);
    const insert = db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)');
    for (const tag of tags) insert.run(runId, tag);
  });
  replace();
}

export function getRunTags(db: Database.Database, runId: string): string[] {
  return db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY rowid').pluck().all(runId) as string[];
}
