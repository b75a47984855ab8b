// Service events reach every live window on the event's IPC name.
import { describe, expect, it } from 'vitest';
import type { EventChannel, EventPayloads } from '../../../shared/contract';
import { forwardEvents } from '../../../src-main/ipc/forward-events';
import type { StudioEventListener } from '../../../src-main/services/studio-services';
import { FakeBrowserWindow, createFakeElectron } from '../../helpers/fake-electron';

function fakeServices() {
  const listeners = new Set<StudioEventListener>();
  return {
    onEvent(listener: StudioEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit<E extends EventChannel>(event: E, payload: EventPayloads[E]) {
      for (const l of listeners) l(event, payload);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

const progress: EventPayloads['run:progress'] = {
  runId: 'r1',
  epoch: 1,
  epochs: 10,
  step: 5,
  totalSteps: 100,
  fraction: 0.05,
  imagesPerSec: 120,
  etaSeconds: 60,
};

describe('forwardEvents', () => {
  it('sends each event to every open window and skips destroyed ones', () => {
    createFakeElectron();
    const services = fakeServices();
    const a = new FakeBrowserWindow({});
    const b = new FakeBrowserWindow({});
    const closed = new FakeBrowserWindow({});
    closed.destroy();
    const crashed = new FakeBrowserWindow({});
    crashed.webContents.destroyed = true; // window object alive, renderer gone
    forwardEvents(services, () => FakeBrowserWindow.instances);

    services.emit('run:progress', progress);
    expect(a.webContents.sent).toEqual([{ channel: 'studio-event:run:progress', payload: progress }]);
    expect(b.webContents.sent).toEqual([{ channel: 'studio-event:run:progress', payload: progress }]);
    expect(closed.webContents.sent).toEqual([]);
    expect(crashed.webContents.sent).toEqual([]);
  });

  it('keeps delivering to other windows when one send throws', () => {
    createFakeElectron();
    const services = fakeServices();
    const broken = new FakeBrowserWindow({});
    broken.webContents.send = () => {
      throw new Error('Render frame was disposed');
    };
    const ok = new FakeBrowserWindow({});
    forwardEvents(services, () => FakeBrowserWindow.instances);
    expect(() => services.emit('datasets:changed', { datasets: [] })).not.toThrow();
    expect(ok.webContents.sent).toHaveLength(1);
  });

  it('stops forwarding once unsubscribed', () => {
    createFakeElectron();
    const services = fakeServices();
    const win = new FakeBrowserWindow({});
    const stop = forwardEvents(services, () => FakeBrowserWindow.instances);
    stop();
    expect(services.listenerCount).toBe(0);
    services.emit('datasets:changed', { datasets: [] });
    expect(win.webContents.sent).toEqual([]);
  });
});
