// Globals the renderer can rely on: the Electron preload's typed bridge (absent in browser mode).
import type { StudioApi } from '../shared/contract';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

export {};
