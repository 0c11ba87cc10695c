/**
 * The word after every night: after a nightly cycle or backfill of an account, when
 * RECON_ALERT_WEBHOOK_URL is set, one POST of the account's cycle summary (JSON with a Slack/Teams-
 * friendly `text`): one alert per account. The summary is read from the database before the cycle
 * returns; the POST then goes on in the background with retries and backoff, so an unreachable
 * receiver never blocks or fails the cycle. The URL is a secret: log lines
 * name only the attempt and status.
 */
import type { Deps } from '../deps.ts';
import { amountAtRisk } from '../finance/at-risk.ts';
import { type CycleSummary, cycleSummary } from './cycle-summary.ts';

export interface AlertDelivery {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
}

/** Runs a cycle and, whatever its outcome, sends its summary. The cycle's result or error is returned unchanged. */
export async function withCycleAlert<T>(deps: Deps, cycle: { job: string; from: string; to: string }, work: () => Promise<T>, delivery: AlertDelivery = {}): Promise<T> {
  const url = deps.config.alertWebhookUrl;
  if (!url) return work();
  const startedAt = new Date(Date.now() - 1000);
  const riskBefore = await amountAtRisk(deps.conn.db, { account: deps.account.id }).catch(() => []);
  let failed = false;
  let skipped = false;
  try {
    const result = await work();
    const status = (result as { status?: string } | undefined)?.status;
    skipped = status === 'locked' || status === 'already_done';
    return result;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    if (!skipped) {
      try {
        const summary = await cycleSummary(deps.conn.db, { ...cycle, account: deps.account.id, startedAt, riskBefore, failed, skipped, uiUrl: deps.config.uiUrl });
        void postAlert(deps, url, summary, delivery);
      } catch (err) {
        deps.log.warn({ code: (err as { code?: string }).code, message: (err as Error).message }, 'could not build the alert summary; no alert sent');
      }
    }
  }
}

export async function postAlert(deps: Pick<Deps, 'log'>, url: string, summary: CycleSummary, delivery: AlertDelivery = {}): Promise<boolean> {
  const attempts = delivery.attempts ?? 5;
  const base = delivery.baseDelayMs ?? 2000;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(summary),
        signal: AbortSignal.timeout(delivery.timeoutMs ?? 10_000),
      });
      if (res.ok) {
        deps.log.info({ attempt, status: res.status }, 'alert sent');
        return true;
      }
      deps.log.warn({ attempt, status: res.status }, 'alert receiver refused the summary');
      if (res.status >= 400 && res.status < 500 && res.status !== 429) return false;
    } catch (err) {
      deps.log.warn({ attempt, error: (err as Error).name }, 'alert receiver unreachable');
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1)));
  }
  deps.log.error({ attempts }, 'alert not delivered; the next cycle sends its own');
  return false;
}
