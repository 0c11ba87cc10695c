/**
 * People who log in to the web UI: add, list, disable. Viewers read, analysts act, admins manage users.
 * Every add and disable is recorded in user_events with who did it (the admin in the UI, or the person
 * at the terminal for `mp-recon users`), in the same transaction as the change.
 */
import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../db/database.ts';
import { PG_UNIQUE_VIOLATION, ReconError } from '../errors.ts';
import { osUser } from '../mismatches/change-status.ts';
import { hashPassword } from './password.ts';

export const ROLES: readonly UserRole[] = ['viewer', 'analyst', 'admin'];
const RANK: Readonly<Record<UserRole, number>> = { viewer: 0, analyst: 1, admin: 2 };

export const roleAtLeast = (role: UserRole, needed: UserRole): boolean => RANK[role] >= RANK[needed];
export const isRole = (value: unknown): value is UserRole => typeof value === 'string' && (ROLES as readonly string[]).includes(value);


export const MIN_PASSWORD_LENGTH = 8;

export async function addUser(db: Kysely<Database>, name: string, role: UserRole, password: string, actor: string = osUser()): Promise<void> {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new ReconError('USAGE', 'a user name is 1 to 64 letters, digits or . _ @ -');
  if (!isRole(role)) throw new ReconError('USAGE', 'a role is viewer, analyst or admin');
  if (password.length < MIN_PASSWORD_LENGTH) throw new ReconError('USAGE', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const password_hash = await hashPassword(password);
  try {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('users').values({ name, role, password_hash, disabled_at: null }).execute();
      await tx.insertInto('user_events').values({ actor, action: 'added', user_name: name, role }).execute();
    });
  } catch (err) {
    if ((err as { code?: string }).code === PG_UNIQUE_VIOLATION) throw new ReconError('USER_EXISTS', `user ${name} already exists`);
    throw err;
  }
}

export async function listUsers(db: Kysely<Database>) {
  return db.selectFrom('users').select(['name', 'role', 'created_at', 'disabled_at']).orderBy('name').execute();
}

/** Disabling also ends the user's sessions at once. Disabling a disabled user changes nothing and records nothing. */
export async function disableUser(db: Kysely<Database>, name: string, actor: string = osUser()): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select(['disabled_at']).where('name', '=', name).forUpdate().executeTakeFirst();
    if (!user) throw new ReconError('USER_NOT_FOUND', `user ${name} does not exist; see mp-recon users list`);
    if (user.disabled_at === null) {
      await tx.updateTable('users').set({ disabled_at: new Date() }).where('name', '=', name).execute();
      await tx.insertInto('user_events').values({ actor, action: 'disabled', user_name: name, role: null }).execute();
    }
    await tx.deleteFrom('web_sessions').where('user_name', '=', name).execute();
  });
}

/** The latest changes to users, newest first. */
export async function recentUserEvents(db: Kysely<Database>, limit: number) {
  return db.selectFrom('user_events').select(['at', 'actor', 'action', 'user_name', 'role']).orderBy('id', 'desc').limit(limit).execute();
}
