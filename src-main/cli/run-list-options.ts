// `runs list --filter key=value … --sort column[:asc|desc]`: which runs to show and in what
// order. Filters: method (one of the run's methods, or ce for none), kind, status, dataset, model,
// tag, teacher (id prefix or name). Sort columns: created (default, newest first), name, status,
// acc, best, gap; missing values sort last either way.
import type { RunRecord } from '../../shared/types';
import { CliError } from './output';

const FILTER_KEYS = ['method', 'kind', 'status', 'dataset', 'model', 'tag', 'teacher'] as const;
const SORT_KEYS = ['created', 'name', 'status', 'acc', 'best', 'gap'] as const;

export function parseFilters(specs: readonly string[]): ((r: RunRecord) => boolean)[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const key = spec.slice(0, at);
    const value = spec.slice(at + 1);
    if (at < 1 || !value) throw new CliError(`--filter ${spec}: expected key=value, e.g. method=kd`, 2);
    switch (key as (typeof FILTER_KEYS)[number]) {
      case 'method':
        return (r) => (value === 'ce' ? r.config.terms.every((t) => t.method === 'ce') : r.config.terms.some((t) => t.method === value));
      case 'kind':
        return (r) => r.kind === value;
      case 'status':
        return (r) => r.status === value;
      case 'dataset':
        return (r) => r.datasetId === value;
      case 'model':
        return (r) => r.config.model === value;
      case 'tag':
        return (r) => r.tags.includes(value);
      case 'teacher':
        return (r) => !!r.teacherRunId && r.teacherRunId.startsWith(value);
      default:
        throw new CliError(`--filter ${spec}: unknown key '${key}'; use one of ${FILTER_KEYS.join(', ')}`, 2);
    }
  });
}

type Numeric = (r: RunRecord) => number | null;

export function sortRuns(runs: readonly RunRecord[], spec: string | undefined, metrics: { acc: Numeric; best: Numeric; gap: Numeric }): RunRecord[] {
  if (!spec) return [...runs];
  const [key, dir = key === 'name' ? 'asc' : 'desc'] = spec.split(':');
  if (!SORT_KEYS.includes(key as (typeof SORT_KEYS)[number]) || (dir !== 'asc' && dir !== 'desc')) {
    throw new CliError(`--sort ${spec}: expected one of ${SORT_KEYS.join(', ')}, optionally :asc or :desc`, 2);
  }
  const sign = dir === 'asc' ? 1 : -1;
  const value = (r: RunRecord): string | number | null =>
    key === 'created' ? r.createdAt : key === 'name' ? r.name : key === 'status' ? r.status : metrics[key as 'acc' | 'best' | 'gap'](r);
  return [...runs].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}
