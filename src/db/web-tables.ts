/** Tables of the web UI's people and sessions (migration 0040), part of the one Database interface (database.ts). */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

export type UserRole = 'viewer' | 'analyst' | 'admin';

/** users (migration 0040): people who log in to the web UI; password_hash is scrypt. */
export interface UsersTable {
  name: string;
  role: UserRole;
  password_hash: string;
  created_at: Generated<Date>;
  disabled_at: Timestamp | null;
}

/** web_sessions: a session cookie's token is stored only as its sha256. */
export interface WebSessionsTable {
  token_hash: string;
  user_name: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

/** login_failures: recent failed logins per key (user name and address), for the rate limit. */
export interface LoginFailuresTable {
  id: Generated<string>;
  key: string;
  at: Generated<Date>;
}

/** user_events (migration 2026-12-01-0040): who added or disabled whom, append-only. */
export interface UserEventsTable {
  id: Generated<string>;
  at: ColumnType<Date, never, never>;
  actor: string;
  action: 'added' | 'disabled';
  user_name: string;
  role: UserRole | null;
}
