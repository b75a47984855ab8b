// The native picker channel: the desktop app injects Electron's dialog; browser mode and the CLI
// answer { supported: false } so the UI falls back to a typed path.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootServices } from '../../../src-main/services/boot';
import type { StudioServices } from '../../../src-main/services/studio-services';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let services: StudioServices | null = null;
afterEach(async () => {
  await services?.shutdown({ graceMs: 10 });
  services = null;
});

describe('dialog:openPath', () => {
  it('uses the injected picker in the desktop app', async () => {
    const asked: unknown[] = [];
    services = await bootServices({
      dataDir: join(tempDir(), 'd'),
      mode: 'electron',
      probeBackend: false,
      pickPath: async (req) => {
        asked.push(req);
        return req.kind === 'folder' ? '/data/cifar' : null;
      },
    });
    expect(await services.invoke('dialog:openPath', { kind: 'folder', title: 'Dataset' })).toEqual({
      ok: true,
      value: { path: '/data/cifar', supported: true },
    });
    expect(await services.invoke('dialog:openPath', { kind: 'file' })).toEqual({ ok: true, value: { path: null, supported: true } });
    expect(asked).toEqual([{ kind: 'folder', title: 'Dataset' }, { kind: 'file' }]);
  });

  it('says the picker is unsupported in browser mode', async () => {
    services = await bootServices({ dataDir: join(tempDir(), 'd'), mode: 'browser', probeBackend: false });
    expect(await services.invoke('dialog:openPath', { kind: 'file' })).toEqual({ ok: true, value: { path: null, supported: false } });
    const bad = await services.invoke('dialog:openPath', { kind: 'disk' as never });
    expect(bad.ok).toBe(false);
  });
});
