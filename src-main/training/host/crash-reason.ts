// Why a training worker died, in one line a person can act on. The tail of the worker's output is
// mostly library chatter (the TF.js "running in Node.js" banner, oneDNN and CPU-feature notices,
// "backend was already registered" warnings, stack frames); those lines are dropped and the last
// real `...Error: ...` line (or, failing that, the last remaining line) is kept.

const NOISE: RegExp[] = [
  /^=+$/, // banner frame
  /looks like you are running TensorFlow\.js in Node\.js/i,
  /^Hi there\b/i,
  /tfjs-node/i,
  /oneDNN|onednn/i,
  /backend was already registered/i,
  /Platform .* has already been set/i,
  /cpu_feature_guard|rebuild TensorFlow with the appropriate compiler flags|This TensorFlow binary is optimized/i,
  /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\.\d+: [IW] /, // TensorFlow C++ info/warning log lines
  /^at\s/, // stack frames
  /^Node\.js v\d/,
  /^\^+$/, // caret line under a source excerpt
];

function isNoise(line: string): boolean {
  return NOISE.some((re) => re.test(line));
}

/** The most telling line of a crashed process's output, or '' when it printed nothing useful. */
export function crashLine(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !isNoise(l));
  const error = [...lines].reverse().find((l) => /^[A-Za-z.]*(Error|Exception)\b.*:/.test(l));
  return (error ?? lines.at(-1) ?? '').slice(0, 500);
}

/** How the worker ended, e.g. "training worker was killed (SIGKILL); last error: RangeError: …". */
export function workerExitReason(code: number | null, signal: string | null, lastError: string | null, output: string): string {
  const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
  const tail = lastError && !isNoise(lastError) ? lastError : crashLine(output);
  return `training worker ${how}${tail ? `; last error: ${tail}` : ''}`;
}
