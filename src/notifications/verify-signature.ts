/**
 * Verifies a Webhook's `x-signature` (§4.3): `ts=<ts>,v1=<hex>` where v1 is HMAC-SHA256, keyed with the
 * application's secret, of `id:<data.id lowercased>;request-id:<x-request-id>;ts:<ts>;` (a part whose
 * value is missing is left out, as MP's own validator does). Compared in constant time. ts may be in
 * seconds or milliseconds (MP's docs show both). With maxAgeMs > 0 it must lie within maxAgeMs of now;
 * 0 turns the window off. The window is a second fence only: replays are already stopped by the HMAC,
 * by dedupe, and by re-reading every resource from the API, while MP's retries may keep the first ts for
 * days (docs/order-sync.md). Nothing here logs or returns the secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignatureInput {
  readonly secret: string;
  readonly header: string | undefined;
  readonly requestId: string | undefined;
  readonly dataId: string | null;
  readonly nowMs: number;
  readonly maxAgeMs: number;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'stale' };

export function verifySignature(input: SignatureInput): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'missing' };
  const parts = new Map<string, string>();
  for (const piece of input.header.split(',')) {
    const at = piece.indexOf('=');
    if (at > 0) parts.set(piece.slice(0, at).trim(), piece.slice(at + 1).trim());
  }
  const ts = parts.get('ts');
  const v1 = parts.get('v1');
  if (!ts || !v1 || !/^\d{1,16}$/.test(ts) || !/^[0-9a-f]{64}$/i.test(v1)) return { ok: false, reason: 'malformed' };
  const manifest = `${input.dataId ? `id:${input.dataId.toLowerCase()};` : ''}${input.requestId ? `request-id:${input.requestId};` : ''}ts:${ts};`;
  const expected = createHmac('sha256', input.secret).update(manifest).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'mismatch' };
  // 10 digits are seconds until the year 2286; 13 are milliseconds.
  const tsNumber = Number(ts);
  const tsMs = tsNumber < 100_000_000_000 ? tsNumber * 1000 : tsNumber;
  if (input.maxAgeMs > 0 && Math.abs(input.nowMs - tsMs) > input.maxAgeMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}
