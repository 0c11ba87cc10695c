/**
 * A job key names a piece of work ("reconcile-window recon 2026-11-01..2026-11-07"); the queue's job
 * id is derived from it, so enqueuing the same key twice inserts one row: the queue's insert ignores a
 * second row with the same id (ON CONFLICT DO NOTHING). A UUID version 5 (RFC 9562: SHA-1 of a
 * namespace and a name) is deterministic and fits the queue's uuid column.
 */
import { createHash } from 'node:crypto';

/** Our own namespace, so these ids never collide with another application's version-5 UUIDs. */
const NAMESPACE = Buffer.from('6d702d7265636f6e2d6a6f622d6b6579', 'hex');

export function jobIdFor(key: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
