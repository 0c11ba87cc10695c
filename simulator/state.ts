/**
 * Everything the simulator knows, in memory: accounts by access token (each with its ledger and its
 * report configs, tasks and files per kind), fault rules, quirk switches, the clock and the id sequence.
 * Route modules read and change it; the admin API and tests seed it through the same methods. New areas
 * (payments, refunds, merchant orders) add their maps to AccountState.
 */
import { type AccountState, type KindState, newKindState } from './account-state.ts';
import { type Account, parseAccount } from './accounts.ts';
import { type Clock, systemClock } from './clock.ts';
import { FaultTable, type FaultRule } from './faults.ts';
import { fail } from './http-io.ts';
import { Ledger, type Movement } from './ledger.ts';
import { Notifier } from './notifier.ts';
import { OrderBook } from './order-book.ts';
import { DEFAULT_QUIRKS, parseQuirks, type SimQuirks } from './quirks.ts';
import { REPORT_KINDS, type ReportKind } from './report-columns.ts';
import type { TaskEnv } from './report-tasks.ts';

export interface SimStateOptions {
  readonly clock?: Clock;
  /** Time (on the clock) before a manual report task may turn processed. Default 0. */
  readonly reportDelayMs?: number;
  /** List calls that still show a new task pending. Default 0. */
  readonly reportPolls?: number;
  readonly quirks?: Partial<SimQuirks>;
}

const FIRST_ID = 99_336_983_670;
const FIRST_USER_ID = 123_456_789;

export class SimState implements TaskEnv {
  clock: Clock;
  reportDelayMs: number;
  reportPolls: number;
  quirks: SimQuirks;
  readonly faults = new FaultTable();
  /** Sends payment / merchant order notifications to the configured URL (notifier.ts). */
  readonly notifier = new Notifier(() => this.clock);
  readonly #options: SimStateOptions;
  readonly #accounts = new Map<string, AccountState>();
  #nextId = FIRST_ID;
  #nextUserId = FIRST_USER_ID;

  constructor(options: SimStateOptions = {}) {
    this.#options = options;
    this.clock = options.clock ?? systemClock;
    this.reportDelayMs = options.reportDelayMs ?? 0;
    this.reportPolls = options.reportPolls ?? 0;
    this.quirks = { ...DEFAULT_QUIRKS, ...parseQuirks(options.quirks ?? {}) };
  }

  now(): Date {
    return this.clock.now();
  }

  newId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  /** Adds (or replaces) the account for a token; site defaults come from SITES. */
  addAccount(input: unknown): Account {
    const account = parseAccount(input, this.#nextUserId + this.#accounts.size);
    const reports = Object.fromEntries(REPORT_KINDS.map((k) => [k, newKindState()])) as Record<ReportKind, KindState>;
    this.#accounts.set(account.accessToken, { account, ledger: new Ledger(), reports, orders: new OrderBook() });
    return account;
  }

  accountByToken(token: string): AccountState | undefined {
    return this.#accounts.get(token);
  }

  accounts(): AccountState[] {
    return [...this.#accounts.values()];
  }

  /** Seeds movements for the account of `token` (see ledger.ts for the JSON shape); all or none. */
  addMovements(token: string, movements: readonly unknown[]): Movement[] {
    const acct = this.#accounts.get(token);
    if (!acct) return fail(404, 'not_found', 'No simulated account has that access token; create it first.');
    return acct.ledger.add(movements, acct.account.decimals, () => String(this.newId()));
  }

  addFault(input: unknown): FaultRule {
    return this.faults.add(input);
  }

  setQuirks(input: unknown): SimQuirks {
    this.quirks = { ...this.quirks, ...parseQuirks(input) };
    return this.quirks;
  }

  /** Back to a fresh simulator: no accounts, no faults, the quirks given at start. */
  reset(): void {
    this.#accounts.clear();
    this.faults.clear();
    this.notifier.reset();
    this.quirks = { ...DEFAULT_QUIRKS, ...parseQuirks(this.#options.quirks ?? {}) };
    this.reportDelayMs = this.#options.reportDelayMs ?? 0;
    this.reportPolls = this.#options.reportPolls ?? 0;
    this.#nextId = FIRST_ID;
    this.#nextUserId = FIRST_USER_ID;
  }
}
