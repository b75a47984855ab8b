// Append-only JSON-lines file for a job folder: each message is one complete line written with a
// single write(2), stamped with the time it was written. Data reaches the disk (fsync) at most
// every `syncMs` and always for lines that matter on their own (epoch ends, the run's end), so a
// reader on a shared filesystem sees whole lines soon without a sync per metric batch.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

export class JsonlWriter {
  private readonly fd: number;
  private lastSync = 0;

  constructor(
    file: string,
    private readonly syncMs = 1_000,
  ) {
    this.fd = openSync(file, 'a');
  }

  append(message: object, forceSync = false): void {
    writeSync(this.fd, `${JSON.stringify({ ...message, at: Date.now() })}\n`);
    if (forceSync || Date.now() - this.lastSync >= this.syncMs) this.sync();
  }

  sync(): void {
    try {
      fsyncSync(this.fd);
    } catch {
      // some network filesystems refuse fsync on append handles; the write itself is complete
    }
    this.lastSync = Date.now();
  }

  close(): void {
    this.sync();
    closeSync(this.fd);
  }
}
