// How setup-backend reports what it is doing: one line per step, byte counts for downloads.
// The CLI turns this into terminal lines (or nothing with --json); tests collect it.
export interface SetupReporter {
  step(message: string): void;
  /** Bytes done of total (total null when unknown); called often, the reporter throttles. */
  bytes(label: string, done: number, total: number | null): void;
}

export const MB = 1024 * 1024;

export function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** Terminal reporter: rewrites one line on a TTY, else prints every ~10 %. */
export function terminalReporter(out: NodeJS.WriteStream = process.stderr): SetupReporter {
  let lastLabel = '';
  let lastShown = -1;
  return {
    step(message) {
      if (lastLabel && out.isTTY) out.write('\n');
      lastLabel = '';
      out.write(`== ${message}\n`);
    },
    bytes(label, done, total) {
      const decile = total ? Math.floor((done / total) * 10) : Math.floor(done / (25 * MB));
      const finished = total !== null && done >= total;
      if (!finished && total !== null && total < 5 * MB) return; // small files: the final count is enough
      if (label === lastLabel && decile === lastShown && !finished) return;
      if (label === lastLabel && finished && lastShown === 10) return;
      lastLabel = label;
      lastShown = finished ? 10 : decile;
      const text = `   ${label}: ${mb(done)}${total ? ` / ${mb(total)}` : ''}`;
      out.write(out.isTTY ? `\r${text}` : `${text}\n`);
      if (finished && out.isTTY) out.write('\n');
    },
  };
}

export const silentReporter: SetupReporter = { step() {}, bytes() {} };
