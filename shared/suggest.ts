// "Did you mean" for misspelt names (config keys, option names, methods, taps): the known name at
// the smallest optimal-string-alignment distance (Damerau–Levenshtein where no substring is
// edited twice: insertions, deletions, substitutions and swaps of two neighbours cost 1 each),
// compared case-insensitively, and only when it is close enough to be a plausible typo.

/** Optimal-string-alignment distance between a and b (the restricted Damerau–Levenshtein). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name closest to `word`, or null when none is within a typo's reach: at most one edit
 * per three characters of the longer name (at least one), so 'epoch' → 'epochs' and
 * 'temprature' → 'temperature', but 'lr' does not become 'p'.
 */
export function suggest(word: string, known: readonly string[]): string | null {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const distance = editDistance(w, k.toLowerCase());
    const reach = Math.max(1, Math.floor(Math.max(w.length, k.length) / 3));
    if (distance <= reach && distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/** "did you mean 'epochs'?" when a close name exists, else the list of known names. */
export function didYouMean(word: string, known: readonly string[], what = 'known keys'): string {
  const close = suggest(word, known);
  if (close) return `did you mean '${close}'?`;
  return known.length ? `${what}: ${known.join(', ')}` : 'none are allowed here';
}
