// Facts for the System screen: versions, hardware, data folder, and the training backend the
// last worker (or the start-up probe) reported, with the reason it was chosen.
import { arch, cpus, platform, totalmem } from 'node:os';
import type { SystemInfo } from '../../shared/types';
import type { BackendInfo } from '../training/worker/protocol';

export class SystemService {
  private backend: BackendInfo | null = null;

  constructor(
    private readonly opts: {
      appVersion: string;
      mode: SystemInfo['mode'];
      dataDir: string;
      electronVersion: string | null;
      queue: () => SystemInfo['queue'];
    },
  ) {}

  setBackend(info: BackendInfo): void {
    this.backend = info;
  }

  info(): SystemInfo {
    const cpu = cpus();
    return {
      appVersion: this.opts.appVersion,
      mode: this.opts.mode,
      dataDir: this.opts.dataDir,
      platform: platform(),
      arch: arch(),
      nodeVersion: process.versions.node,
      electronVersion: this.opts.electronVersion,
      cpus: { model: cpu[0]?.model ?? 'unknown', count: cpu.length },
      totalMemoryBytes: totalmem(),
      backend: this.backend
        ? { name: this.backend.package, reason: this.backend.reason, tfjsVersion: this.backend.tfjsVersion, gpu: this.backend.gpu }
        : null,
      queue: this.opts.queue(),
    };
  }
}
