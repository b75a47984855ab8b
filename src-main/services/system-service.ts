// Facts for the System screen: versions, hardware, data folder, and the training backend the
// last worker (or the start-up probe) reported, with the reason it was chosen, and the executors
// runs can use (local always; Slurm when `sinfo` answered).
import { arch, cpus, platform, totalmem } from 'node:os';
import type { SystemInfo } from '../../shared/types';
import { findLibcuda } from '../backends/native-setup/gpu-probe';
import { activeInstall, nativeRoot } from '../backends/native-setup/install-layout';
import type { BackendInfo } from '../training/worker/protocol';

export class SystemService {
  private backend: BackendInfo | null = null;
  private libcuda: string | null | undefined;
  private slurm: NonNullable<SystemInfo['executors']>['slurm'] | null = null;

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

  /** What the start-up `sinfo` probe found (training/slurm/slurm-probe.ts). */
  setSlurm(slurm: NonNullable<SystemInfo['executors']>['slurm']): void {
    this.slurm = slurm;
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
      backend: this.backend ? { name: this.backend.package, reason: this.backend.reason, tfjsVersion: this.backend.tfjsVersion, gpu: this.backend.gpu } : null,
      queue: this.opts.queue(),
      nativeBackend: this.nativeBackend(),
      ...(this.slurm ? { executors: { local: true as const, slurm: this.slurm } } : {}),
    };
  }

  /** Read from the install folder on every call, so a setup-backend run shows without a restart. */
  private nativeBackend(): NonNullable<SystemInfo['nativeBackend']> {
    const installs = [activeInstall('gpu'), activeInstall('cpu')].filter((i) => i !== null);
    const installed = installs.map((i) => `TensorFlow ${i.manifest.tfVersion} (${i.manifest.variant}) at ${i.dir}`).join('; ');
    if (this.libcuda === undefined) this.libcuda = findLibcuda(); // one ldconfig call per app start
    return {
      installed: installed || null,
      folder: nativeRoot(),
      libcuda: this.libcuda,
      hint: installed ? null : 'not installed: run `npm run setup:native` (or `distill-studio setup-backend`) for native speed',
    };
  }
}
