// `setup-backend`: builds and installs the native TensorFlow backend (see
// src-main/backends/native-setup/setup-backend.ts); progress on stderr, result on stdout.
import { join } from 'node:path';
import { SetupRefused, setupBackend } from '../../backends/native-setup/setup-backend';
import { mb, silentReporter, terminalReporter } from '../../backends/native-setup/setup-progress';
import { CliError, printJson } from '../output';

export interface SetupBackendFlags {
  tfVersion?: string;
  gpu?: boolean;
  force?: boolean;
  json?: boolean;
}

export async function setupBackendCommand(flags: SetupBackendFlags): Promise<number> {
  try {
    const result = await setupBackend({
      tfVersion: flags.tfVersion,
      variant: flags.gpu ? 'gpu' : 'cpu',
      force: flags.force,
      checkEntry: join(__dirname, 'native-check.js'),
      report: flags.json ? silentReporter : terminalReporter(),
    });
    const { manifest, dir } = result.install;
    if (flags.json) {
      printJson({ status: result.status, dir, ...manifest, seconds: result.seconds, downloadedBytes: result.downloadedBytes });
    } else if (result.status === 'already-installed') {
      process.stdout.write(`already installed: TF ${manifest.tfVersion} (${manifest.variant}) at ${dir} (use --force to rebuild)\n`);
    } else {
      process.stdout.write(
        `installed: TF ${manifest.tfVersion} (${manifest.variant}) at ${dir}, ${mb(manifest.sizeBytes)} on disk, ` +
          `${mb(result.downloadedBytes)} downloaded, ${result.seconds.toFixed(0)} s; training workers use it from now on\n`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof SetupRefused) throw new CliError(e.message, 3);
    throw new CliError(`setup-backend failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`, 1);
  }
}
