// Preload entry (bundled, runs sandboxed with context isolation): publishes the studio API as
// `window.studio`. Everything testable lives in build-api.ts; this file only wires Electron in.
import { contextBridge, ipcRenderer } from 'electron';
import { buildStudioApi } from './build-api';

contextBridge.exposeInMainWorld('studio', buildStudioApi(ipcRenderer));
