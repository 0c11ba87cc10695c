/** The accounts table (migration 2026-12-01-0050), part of the one Database interface (database.ts). */
import type { Generated } from 'kysely';

export interface AccountsTable {
  id: string;
  site: string;
  currency: string;
  timezone: string;
  label: string | null;
  mp_user_id: string | null;
  token_env: string | null;
  token_file: string | null;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
}
