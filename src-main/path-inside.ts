// The one containment test of the code that maps names to files (static files, the app://
// protocol, dataset imports): is a path the root itself or below it? Paths are resolved, symlinks
// are not followed, so callers that must not follow links out compare real paths.
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `child` is `root` itself or lies inside it. */
export function isInside(root: string, child: string): boolean {
  const rel = relative(resolve(root), resolve(child));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
