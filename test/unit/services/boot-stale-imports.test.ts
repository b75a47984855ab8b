// A bundle import killed mid-way leaves a staging folder in runs/; the next owner to open the
// data folder removes it (its PID is gone), while a reader leaves the folder as it is.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootServices } from '../../../src-main/services/boot';
import { IMPORT_PREFIX } from '../../../src-main/services/bundle-import';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs('distill-boot-stale-');
const DEAD_PID = 2 ** 22 + 17; // above Linux's pid_max default range: never a live process

function leaveStaging(dataDir: string): string {
  const stage = join(dataDir, 'runs', `${IMPORT_PREFIX}abcd1234-${DEAD_PID}`);
  mkdirSync(join(stage, 'model'), { recursive: true });
  writeFileSync(join(stage, 'model', 'weights.bin'), Buffer.alloc(1024));
  return stage;
}

describe('start-up cleanup of half-staged bundle imports', () => {
  it('an owner removes staging folders of dead processes', async () => {
    const dataDir = tempDir();
    const stage = leaveStaging(dataDir);
    const s = await bootServices({ dataDir, mode: 'cli', probeBackend: false });
    await s.shutdown();
    expect(existsSync(stage)).toBe(false);
    expect(existsSync(join(dataDir, 'runs'))).toBe(true);
  });

  it('a reader changes nothing', async () => {
    const dataDir = tempDir();
    const stage = leaveStaging(dataDir);
    const s = await bootServices({ dataDir, mode: 'cli', probeBackend: false, role: 'reader' });
    await s.shutdown();
    expect(existsSync(stage)).toBe(true);
  });
});
