/** The original ack/resolve entry point, kept for callers that have no actor: the OS user acts. */
import { userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { environmentValue } from '../environment.ts';
import { actOnMismatch } from './act-on-mismatch.ts';

export async function changeMismatchStatus(db: Kysely<Database>, id: string, action: 'ack' | 'resolve', note: string, account?: string): Promise<void> {
  await actOnMismatch(db, { id, account, action: action === 'ack' ? 'acknowledged' : 'resolved', actor: osUser(), note });
}

/** The person at the terminal, for events written from the CLI without --actor. */
export function osUser(): string {
  try {
    return userInfo().username || environmentValue('USER') || 'unknown';
  } catch {
    return environmentValue('USER') ?? 'unknown';
  }
}
