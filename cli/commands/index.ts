/**
 * Every command by name, with the summary `mp-recon --help` lists. A command's module, and all it
 * imports (kysely, pg, pino, PGlite...), loads only when that command runs or shows its own help, so
 * `mp-recon --help` and a mistyped command cost little more than starting node.
 */
import type { Command } from '../command.ts';

export interface CommandEntry {
  readonly name: string;
  /** One line for `mp-recon --help`, also the first line of the command's own help. */
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'demo', summary: 'run the whole pipeline on a month of simulated traffic (simulator + embedded database)', load: async () => (await import('./demo.ts')).demoCommand },
  { name: 'migrate', summary: 'create or update the schema (safe to run twice, or from two processes at once)', load: async () => (await import('./migrate.ts')).migrateCommand },
  { name: 'import', summary: 'import your orders, payments or refunds from a CSV file (upsert by id, all or nothing)', load: async () => (await import('./import.ts')).importCommand },
  { name: 'ingest', summary: 'load Mercado Pago report files (settlement or release) into the database', load: async () => (await import('./ingest.ts')).ingestCommand },
  { name: 'files', summary: 'list ingested report files, or retract one (its rows and coverage)', load: async () => (await import('./files.ts')).filesCommand },
  { name: 'reconcile', summary: 'match the ingested reports of a date window against orders and refunds, and record mismatches', load: async () => (await import('./reconcile.ts')).reconcileCommand },
  { name: 'mismatches', summary: 'list, show, export, acknowledge, assign, comment on or resolve mismatches', load: async () => (await import('./mismatches.ts')).mismatchesCommand },
  { name: 'coverage', summary: 'which days the ingested reports cover, per report kind, and the gaps', load: async () => (await import('./coverage.ts')).coverageCommand },
  { name: 'ui', summary: 'the finance web UI: overview, mismatches to triage, runs, coverage', load: async () => (await import('./ui.ts')).uiCommand },
  { name: 'users', summary: 'add, list or disable the people who log in to the web UI', load: async () => (await import('./users.ts')).usersCommand },
  { name: 'accounts', summary: 'add, list, disable or enable the Mercado Pago accounts reconciled in this database', load: async () => (await import('./accounts.ts')).accountsCommand },
  { name: 'fetch', summary: 'download Mercado Pago settlement and release reports for a date range and ingest them', load: async () => (await import('./fetch.ts')).fetchCommand },
  { name: 'backfill', summary: 'fetch both report kinds for a past date range, then reconcile it (resumable)', load: async () => (await import('./backfill.ts')).backfillCommand },
  { name: 'schedule', summary: 'run the nightly cycle on RECON_CRON: fetch yesterday, ingest, reconcile the open window', load: async () => (await import('./schedule.ts')).scheduleCommand },
  { name: 'sandbox', summary: 'run the Mercado Pago simulator locally and print how to point mp-recon at it', load: async () => (await import('./sandbox.ts')).sandboxCommand },
  { name: 'report', summary: 'write the finance summary of a window as one self-contained HTML file', load: async () => (await import('./report.ts')).reportCommand },
  { name: 'worker', summary: 'run queued jobs (ingest, reconcile) from the Postgres job queue, N at a time; start as many as you like', load: async () => (await import('./worker.ts')).workerCommand },
  { name: 'serve', summary: 'receive Mercado Pago notifications (IPN, Webhooks) and keep orders in step with them', load: async () => (await import('./serve.ts')).serveCommand },
  { name: 'sync', summary: 'look up pending orders at Mercado Pago by external_reference (when notifications did not arrive)', load: async () => (await import('./sync.ts')).syncCommand },
  { name: 'refund', summary: "refund an order's approved Mercado Pago payment(s), totally or partially", load: async () => (await import('./refund.ts')).refundCommand },
  { name: 'cancel', summary: 'cancel an unpaid order at Mercado Pago: delete its QR order from the POS, cancel pending online payments', load: async () => (await import('./cancel.ts')).cancelCommand },
  { name: 'doctor', summary: 'check the database, data folder, Mercado Pago token, report configs and webhook secret; say how to fix each', load: async () => (await import('./doctor.ts')).doctorCommand },
];
