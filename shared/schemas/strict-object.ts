// Objects of a run config refuse keys they do not know, so a typo ('epoch: 3') is an error that
// names the closest known key instead of a setting silently left at its default. zod reports the
// unknown keys of one object together; the message says what each was probably meant to be
// (suggest.ts), and describeZodError (run-config.ts) prints one line per key.
import { z } from 'zod';
import { didYouMean } from '../suggest';

/** "unknown key; did you mean 'epochs'?" for one key, "unknown keys 'a' (…), 'b' (…)" for several. */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  if (keys.length === 1) return `unknown key; ${didYouMean(keys[0]!, known)}`;
  return `unknown keys ${keys.map((k) => `'${k}' (${didYouMean(k, known)})`).join(', ')}`;
}

/** z.strictObject whose unknown-key error suggests the known key meant. */
export function strictObject<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}
