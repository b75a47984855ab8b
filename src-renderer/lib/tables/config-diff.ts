// Side-by-side configs: flatten each run's config into "path → value" lines and mark the paths
// whose values differ, so the compare screen can show everything or the differences only.

export interface DiffRow {
  path: string;
  /** One entry per config; undefined when that config lacks the path. */
  values: (string | undefined)[];
  differs: boolean;
}

function leafText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  return JSON.stringify(v);
}

/** { a: { b: 1 }, terms: [{ method: 'kd' }] } → { 'a.b': '1', 'terms[0].method': 'kd' }. */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0 && prefix) out[prefix] = '[]';
    value.forEach((v, i) => flattenConfig(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out[prefix] = '{}';
    for (const [k, v] of entries) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined && prefix) {
    out[prefix] = leafText(value);
  }
  return out;
}

/** Paths in first-seen order across the configs; `differs` when any two values (or presence) differ. */
export function diffConfigs(configs: readonly unknown[], ignore: readonly string[] = []): DiffRow[] {
  const flat = configs.map((c) => flattenConfig(c));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) {
    for (const p of Object.keys(f)) {
      if (!seen.has(p) && !ignore.some((i) => p === i || p.startsWith(`${i}.`) || p.startsWith(`${i}[`))) {
        seen.add(p);
        paths.push(p);
      }
    }
  }
  return paths.map((path) => {
    const values = flat.map((f) => f[path]);
    return { path, values, differs: values.some((v) => v !== values[0]) };
  });
}
