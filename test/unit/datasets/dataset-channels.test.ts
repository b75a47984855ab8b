// The dataset channels through the real composition root (schema validation, dispatch, events):
// detect, import with progress events, list with usage, details, thumbnails, delete, cancel, and
// invalid requests answered as `{ ok: false, error }` data.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootServices } from '../../../src-main/services/boot';
import type { StudioServices } from '../../../src-main/services/studio-services';
import { cifar10Files, writeFiles } from '../../fixtures/datasets/generate';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs('distill-channels-');
let services: StudioServices | null = null;
afterEach(async () => {
  await services?.shutdown({ graceMs: 0 });
  services = null;
});

describe('dataset channels', () => {
  it('detects, imports with progress events, lists, shows, serves thumbnails and deletes', async () => {
    services = await bootServices({ dataDir: tempDir(), mode: 'cli', probeBackend: false, workerEntry: join(tempDir(), 'none.js') });
    const src = tempDir();
    writeFiles(join(src, 'cifar-10-batches-bin'), cifar10Files(10, 5, 10));
    const events: string[] = [];
    services.onEvent((e, p) => events.push(e === 'dataset:importProgress' ? `progress:${(p as { phase: string }).phase}` : e));

    const detect = await services.invoke('datasets:detect', { path: src });
    expect(detect).toMatchObject({ ok: true, value: { format: 'cifar10', suggestedName: 'CIFAR-10' } });
    const imported = await services.invoke('datasets:import', { path: src, importId: 'ui-1', name: 'small' });
    if (!imported.ok) throw new Error(imported.error.message);
    const id = imported.value.dataset.id;
    expect(events).toContain('progress:done');
    expect(events.at(-1)).toBe('datasets:changed');

    const list = await services.invoke('datasets:list', {});
    expect(list.ok && list.value.map((d) => [d.id, d.usedBy])).toEqual([
      ['mnist-demo', []],
      [id, []],
    ]);
    const detail = await services.invoke('datasets:get', { id });
    expect(detail).toMatchObject({ ok: true, value: { source: expect.stringMatching(/CIFAR-10 binary/), classCounts: { train: new Array(10).fill(4) } } });
    const samples = await services.invoke('datasets:samples', { id, split: 'test', limit: 3 });
    expect(samples.ok && samples.value.items.map((i) => i.dataUrl.slice(0, 22))).toEqual(new Array(3).fill('data:image/png;base64,'));
    expect(await services.invoke('datasets:cancelImport', { importId: 'ui-1' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await services.invoke('datasets:delete', { id })).toEqual({ ok: true, value: { id, keptRuns: [] } });
    expect((await services.invoke('datasets:get', { id })).ok).toBe(false);
  });

  it('answers bad requests with a code and a message', async () => {
    services = await bootServices({ dataDir: tempDir(), mode: 'cli', probeBackend: false, workerEntry: join(tempDir(), 'none.js') });
    expect(await services.invoke('datasets:import', { format: 'cifar10' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/path: a file or folder is required/) },
    });
    expect(await services.invoke('datasets:import', { path: '/x', format: 'tiff' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await services.invoke('datasets:import', { path: '/does/not/exist' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: '/does/not/exist does not exist' },
    });
    expect(await services.invoke('datasets:samples', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await services.invoke('datasets:delete', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
