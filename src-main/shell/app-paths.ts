// Where the built pieces sit relative to the main bundle (out/main/index.js), as laid out by
// electron.vite.config.ts. Inside a packaged app these paths point into app.asar.
import { join } from 'node:path';

export interface AppPaths {
  preload: string;
  rendererRoot: string;
  workerEntry: string;
}

export function appPaths(mainDir: string): AppPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'index.js'),
    rendererRoot: join(mainDir, '..', 'renderer'),
    workerEntry: join(mainDir, 'worker.js'),
  };
}
