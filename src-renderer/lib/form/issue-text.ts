// Zod issues as the short sentences the New run form shows next to a field ("must be ≥ 1").
import type { z } from 'zod';

/** One short sentence per zod issue ("must be ≥ 1", "must be a whole number"). */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
  }
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) return `${issue.keys[0]}: ${issue.message}`;
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'int') return 'must be a whole number';
    if (issue.expected === 'number') return 'must be a number';
  }
  return issue.message;
}
