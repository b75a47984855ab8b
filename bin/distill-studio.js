#!/usr/bin/env node
// Launcher for the `distill-studio` CLI. Runs the built CLI (out/main/cli.js) on Node >= 22,
// re-executing with the project's bundled Node when an older system Node was picked up.
'use strict';
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const bundled = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (existsSync(bundled) && !process.env.DISTILL_STUDIO_REEXEC) {
    const child = spawn(bundled, [__filename, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, DISTILL_STUDIO_REEXEC: '1' },
    });
    // Ctrl-C reaches the whole process group; the parent just waits for the child to clean up.
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, signal) => process.exit(code === null ? (signal === 'SIGINT' ? 130 : 1) : code));
    return;
  }
  process.stderr.write(`distill-studio: error: Node.js 22 or newer is required (found ${process.version}); run \`npm install\` in the project first\n`);
  process.exit(1);
}
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('distill-studio: error: the app is not built yet: run `npm run build` (npm install does it too)\n');
  process.exit(1);
}
require(cli)
  .main(process.argv)
  .then((code) => process.exit(code));
