/** One line of `mp-recon doctor`'s checklist: what was checked, how it went, and the fix when it did not. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckLine {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do; present on warn and fail. */
  readonly fix?: string;
}

export const ok = (check: string, detail: string): CheckLine => ({ check, status: 'ok', detail });
export const warn = (check: string, detail: string, fix: string): CheckLine => ({ check, status: 'warn', detail, fix });
export const failed = (check: string, detail: string, fix: string): CheckLine => ({ check, status: 'fail', detail, fix });
