// `distill-studio serve`: browser mode. Boots the services, serves the built renderer and the
// contract over WebSocket, prints the address with its token, and shuts down cleanly on signals.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../server/serve';
import type { StudioServices } from '../../services/studio-services';
import { CliError } from '../output';

export async function serveCommand(
  services: StudioServices,
  opts: { port: number; host: string; rendererDir?: string },
): Promise<number> {
  const rendererDir = opts.rendererDir ?? join(__dirname, '..', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new CliError('the renderer is not built: run `npm run build` first');
  }
  if (opts.host !== '127.0.0.1' && opts.host !== 'localhost' && opts.host !== '::1') {
    process.stderr.write(`Warning: serving on ${opts.host}: anyone who can reach this machine and has the token can use it.\n`);
  }
  let server;
  try {
    server = await startServer({ services, rendererDir, host: opts.host, port: opts.port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${opts.port} is already in use; pick another with --port`);
    throw e;
  }
  process.stdout.write(`Distill Studio running at ${server.url}\n`);
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
