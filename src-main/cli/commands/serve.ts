// `distill-studio serve`: browser mode. Boots the services, serves the built renderer and the
// contract over WebSocket, prints the address with its token, and shuts down cleanly on signals.
// A non-loopback --host gets a plain warning and the addresses that actually reach it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exposureWarning, isExposed, reachableUrls } from '../../server/exposure-notice';
import { startServer } from '../../server/serve';
import type { StudioServices } from '../../services/studio-services';
import { CliError } from '../output';

export async function serveCommand(services: StudioServices, opts: { port: number; host: string; rendererDir?: string }): Promise<number> {
  const rendererDir = opts.rendererDir ?? join(__dirname, '..', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new CliError('the renderer is not built: run `npm run build` first');
  }
  const exposed = isExposed(opts.host);
  if (exposed) process.stderr.write(exposureWarning(opts.host, opts.port));
  let server;
  try {
    server = await startServer({ services, rendererDir, host: opts.host, port: opts.port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${opts.port} is already in use; pick another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CliError(`cannot listen on ${opts.host}: no such address on this machine`);
    throw e;
  }
  process.stdout.write(`Distill Studio running at ${server.url}\n`);
  if (exposed) {
    const urls = reachableUrls(opts.host, server.port, server.token).filter((u) => !u.startsWith(server.url.split('/?')[0]!));
    if (urls.length > 0) process.stdout.write(`Reachable from other machines at:\n${urls.map((u) => `  ${u}\n`).join('')}`);
  }
  process.stdout.write(`Data folder: ${services.dataDir}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('Stopping: letting running workers checkpoint…\n');
  await server.close();
  return 0;
}
