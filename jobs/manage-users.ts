/**
 * Use case: `mp-recon users add|list|disable`. The people who may log in to the web UI, and their roles:
 * viewers read, analysts act on mismatches, admins also manage users. Disabling ends a user's sessions at once.
 */
import type { UserRole } from '../src/db/database.ts';
import type { EngineDeps } from '../src/deps.ts';
import { addUser, disableUser, listUsers } from '../src/web/users.ts';

export async function addUiUser(deps: EngineDeps, name: string, role: UserRole, password: string): Promise<void> {
  await addUser(deps.conn.db, name, role, password);
}

export async function listUiUsers(deps: EngineDeps): ReturnType<typeof listUsers> {
  return listUsers(deps.conn.db);
}

export async function disableUiUser(deps: EngineDeps, name: string): Promise<void> {
  await disableUser(deps.conn.db, name);
}
