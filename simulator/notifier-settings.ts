/**
 * The notifier's settings (POST /__sim/notifications): where to send, IPN or Webhooks or both, the
 * Webhook secret and ts unit, the retry schedule (default MP's in-person IPN one) and the timeout.
 */
import { fail } from './http-io.ts';

export interface NotifierSettings {
  /** Where to POST; null sends nothing (the default). */
  url: string | null;
  mode: 'ipn' | 'webhook' | 'both';
  /** Signs Webhooks when set. */
  secret: string | null;
  tsUnit: 'ms' | 's';
  /** Wait before each retry; its length is the number of retries. */
  scheduleMs: number[];
  timeoutMs: number;
  /** Send as soon as emitted; off, deliveries wait for drain(). */
  autoDeliver: boolean;
}

export const IPN_SCHEDULE_MS = [30_000, 300_000, 1_800_000];
export const WEBHOOK_SCHEDULE_MS = [300_000, 2_700_000, 21_600_000, 172_800_000, 345_600_000];

export const DEFAULT_SETTINGS: NotifierSettings = { url: null, mode: 'ipn', secret: null, tsUnit: 'ms', scheduleMs: IPN_SCHEDULE_MS, timeoutMs: 22_000, autoDeliver: true };

/** Validates a partial settings object; 400 naming the field otherwise. */
export function parseSettings(input: unknown): Partial<NotifierSettings> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return fail(400, 'bad_request', 'Notification settings must be a JSON object.');
  const s = input as Record<string, unknown>;
  const out: Partial<NotifierSettings> = {};
  if (s.url !== undefined) {
    if (s.url !== null && (typeof s.url !== 'string' || !/^https?:\/\//.test(s.url))) fail(400, 'bad_request', 'url must be an http(s) URL or null.');
    out.url = s.url as string | null;
  }
  if (s.mode !== undefined) {
    if (s.mode !== 'ipn' && s.mode !== 'webhook' && s.mode !== 'both') fail(400, 'bad_request', 'mode must be ipn, webhook or both.');
    out.mode = s.mode;
  }
  if (s.secret !== undefined) {
    if (s.secret !== null && typeof s.secret !== 'string') fail(400, 'bad_request', 'secret must be a string or null.');
    out.secret = s.secret as string | null;
  }
  if (s.tsUnit !== undefined) {
    if (s.tsUnit !== 'ms' && s.tsUnit !== 's') fail(400, 'bad_request', 'tsUnit must be ms or s.');
    out.tsUnit = s.tsUnit;
  }
  if (s.scheduleMs !== undefined) {
    if (!Array.isArray(s.scheduleMs) || !s.scheduleMs.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
      fail(400, 'bad_request', 'scheduleMs must be an array of whole milliseconds, e.g. [30000, 300000, 1800000].');
    }
    out.scheduleMs = [...(s.scheduleMs as number[])];
  }
  if (s.timeoutMs !== undefined) {
    if (typeof s.timeoutMs !== 'number' || !(s.timeoutMs > 0)) fail(400, 'bad_request', 'timeoutMs must be a positive number.');
    out.timeoutMs = s.timeoutMs;
  }
  if (s.autoDeliver !== undefined) {
    if (typeof s.autoDeliver !== 'boolean') fail(400, 'bad_request', 'autoDeliver must be true or false.');
    out.autoDeliver = s.autoDeliver;
  }
  return out;
}
