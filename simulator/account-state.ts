/**
 * What the simulator holds for one account: its ledger, its payments and merchant orders, and per report
 * kind the config, the tasks and the files. Plain data: state.ts keeps the accounts, report-tasks.ts
 * moves tasks forward, and both read these shapes from here (so neither imports the other's module).
 */
import type { Account } from './accounts.ts';
import type { Ledger } from './ledger.ts';
import type { OrderBook } from './order-book.ts';
import type { ReportKind } from './report-columns.ts';
import type { StoredConfig } from './report-config.ts';

export type TaskFate = { readonly kind: 'normal' } | { readonly kind: 'stuck' } | { readonly kind: 'error'; readonly status: string };

export interface SimTask {
  /** The JSON MP shows for the task; mutated as the task advances. */
  readonly record: Record<string, unknown>;
  readonly begin: Date;
  readonly end: Date;
  readonly createdAt: number;
  polls: number;
  readonly fate: TaskFate;
}

export interface KindState {
  config: StoredConfig | undefined;
  readonly tasks: SimTask[];
  /** file_name → bytes, written once. */
  readonly files: Map<string, Buffer>;
}

export interface AccountState {
  readonly account: Account;
  readonly ledger: Ledger;
  readonly reports: Record<ReportKind, KindState>;
  /** Payments, refunds and merchant orders (order-flow.ts). */
  readonly orders: OrderBook;
}

export function newKindState(): KindState {
  return { config: undefined, tasks: [], files: new Map() };
}
