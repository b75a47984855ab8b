// Seed groups: runs started together with several seeds carry the tag `group:<id>`; the compare
// screen can treat a whole group as one entry (mean ± std).
export const GROUP_TAG_PREFIX = 'group:';

export function groupOf(run: { tags: readonly string[] }): string | null {
  const tag = run.tags.find((t) => t.startsWith(GROUP_TAG_PREFIX));
  return tag ? tag.slice(GROUP_TAG_PREFIX.length) : null;
}

export function groupTag(id: string): string {
  return `${GROUP_TAG_PREFIX}${id}`;
}

/** A short random group id (base 36, 8 characters). */
export function newGroupId(random: () => number = Math.random): string {
  let id = '';
  for (let i = 0; i < 8; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

/** "kd-run · seed 3" → "kd-run": the name of a group from one member's name. */
export function groupName(names: readonly string[]): string {
  const base = names.map((n) => n.replace(/\s*·\s*seed \d+$/, ''));
  return base.every((b) => b === base[0]) && base[0] ? base[0] : (names[0] ?? 'group');
}
