// Resolves an installed package's folder from main-process code, in both the bundled CommonJS
// build and the ESM test runner (where `require` is not defined).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const here = typeof __filename === 'string' ? __filename : import.meta.url;
export const nodeRequire = createRequire(here);

export function packageDir(name: string): string {
  return dirname(nodeRequire.resolve(`${name}/package.json`));
}
