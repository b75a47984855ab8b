// What request handlers may use: the database, the data folder, the event bus and the
// domain services. Each domain's handlers live in their own file and get this context.
import type Database from 'better-sqlite3';
import type { EventBus } from '../event-bus';
import type { ExportService } from '../export-service';
import type { HistoryService } from '../history-service';
import type { RunsService } from '../runs-service';
import type { SystemService } from '../system-service';
import type { Supervisor } from '../../training/host/supervisor';
import type { TermProbe } from '../../../shared/history-types';
import type { RunConfig } from '../../../shared/schemas/run-config';

export interface HandlerContext {
  db: Database.Database;
  dataDir: string;
  events: EventBus;
  runs: RunsService;
  system: SystemService;
  supervisor: Supervisor;
  history: HistoryService;
  exports: ExportService;
  /** Each term's share of the loss at the start of a distill run not yet queued (term-probe-service.ts). */
  probeTerms(config: RunConfig): Promise<TermProbe>;
}
