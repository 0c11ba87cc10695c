/**
 * How Mercado Pago signs a Webhook (§4.3), written here independently of the receiver's verifier so the
 * tests check one against the other: `x-signature: ts=<ts>,v1=<hex HMAC-SHA256>` over the manifest
 * `id:<data.id, lowercased>;request-id:<x-request-id>;ts:<ts>;`, keyed with the application's secret.
 */
import { createHmac } from 'node:crypto';

export function signatureManifest(dataId: string, requestId: string, ts: string): string {
  return `id:${dataId.toLowerCase()};request-id:${requestId};ts:${ts};`;
}

export function signWebhook(secret: string, dataId: string, requestId: string, ts: string): string {
  const v1 = createHmac('sha256', secret).update(signatureManifest(dataId, requestId, ts)).digest('hex');
  return `ts=${ts},v1=${v1}`;
}
