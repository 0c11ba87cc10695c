/** People who log in to the web UI: add, list, disable. Viewers read, analysts act, admins manage users. */
import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../db/database.ts';
import { PG_UNIQUE_VIOLATION, ReconError } from '../errors.ts';
import { hashPassword } from './password.ts';

export const ROLES: readonly UserRole[] = ['viewer', 'analyst', 'admin'];
const RANK: Readonly<Record<UserRole, number>> = { viewer: 0, analyst: 1, admin: 2 };

export const roleAtLeast = (role: UserRole, needed: UserRole): boolean => RANK[role] >= RANK[needed];

export async function addUser(db: Kysely<Database>, name: string, role: UserRole, password: string): Promise<void> {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new ReconError('USAGE', 'a user name is 1 to 64 letters, digits or . _ @ -');
  if (password.length < 8) throw new ReconError('USAGE', 'a password needs at least 8 characters');
  try {
    await db.insertInto('users').values({ name, role, password_hash: await hashPassword(password), disabled_at: null }).execute();
  } catch (err) {
    if ((err as { code?: string }).code === PG_UNIQUE_VIOLATION) throw new ReconError('USER_EXISTS', `user ${name} already exists`);
    throw err;
  }
}

export async function listUsers(db: Kysely<Database>) {
  return db.selectFrom('users').select(['name', 'role', 'created_at', 'disabled_at']).orderBy('name').execute();
}

/** Disabling also ends the user's sessions at once. */
export async function disableUser(db: Kysely<Database>, name: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const done = await tx.updateTable('users').set({ disabled_at: new Date() }).where('name', '=', name).executeTakeFirst();
    if (done.numUpdatedRows === 0n) throw new ReconError('USER_NOT_FOUND', `user ${name} does not exist; see mp-recon users list`);
    await tx.deleteFrom('web_sessions').where('user_name', '=', name).execute();
  });
}
