/**
 * Login sessions and the login rate limit, kept in the database so any number of UI processes share
 * them. The cookie carries a random token; only its sha256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../db/database.ts';
import { verifyPassword } from './password.ts';

export const SESSION_HOURS = 12;
/** Failed logins allowed per user name and per client address in the window below. */
export const LOGIN_FAILURES_ALLOWED = 5;
export const LOGIN_WINDOW_MINUTES = 15;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionUser {
  name: string;
  role: UserRole;
}

export type LoginOutcome = { ok: true; token: string; user: SessionUser } | { ok: false; reason: 'invalid' | 'rate_limited' };

export async function logIn(db: Kysely<Database>, name: string, password: string, address: string, now: Date): Promise<LoginOutcome> {
  const keys = [`user:${name.toLowerCase()}`, `addr:${address}`];
  const since = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
  const recent = await db
    .selectFrom('login_failures')
    .select(['key', (eb) => eb.fn.countAll<string>().as('n')])
    .where('key', 'in', keys)
    .where('at', '>', since)
    .groupBy('key')
    .execute();
  if (recent.some((r) => Number(r.n) >= LOGIN_FAILURES_ALLOWED)) return { ok: false, reason: 'rate_limited' };
  const user = await db.selectFrom('users').select(['name', 'role', 'password_hash']).where('name', '=', name).where('disabled_at', 'is', null).executeTakeFirst();
  // Verify against a dummy hash when the user is unknown so timing does not tell which names exist.
  const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid) {
    await db.insertInto('login_failures').values(keys.map((key) => ({ key, at: now }))).execute();
    return { ok: false, reason: 'invalid' };
  }
  await db.deleteFrom('login_failures').where('key', '=', keys[0]!).execute();
  await db.deleteFrom('web_sessions').where('expires_at', '<', now).execute();
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('web_sessions')
    .values({ token_hash: digest(token), user_name: user.name, expires_at: new Date(now.getTime() + SESSION_HOURS * 3_600_000) })
    .execute();
  return { ok: true, token, user: { name: user.name, role: user.role } };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function sessionUser(db: Kysely<Database>, token: string | undefined, now: Date): Promise<SessionUser | undefined> {
  if (!token) return undefined;
  return db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.name', 's.user_name')
    .select(['u.name', 'u.role'])
    .where('s.token_hash', '=', digest(token))
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function logOut(db: Kysely<Database>, token: string | undefined): Promise<void> {
  if (token) await db.deleteFrom('web_sessions').where('token_hash', '=', digest(token)).execute();
}
