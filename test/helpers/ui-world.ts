/** A UI on a test database with a few mismatches and one user per role (ana analyst, vera viewer, ada admin), for the UI's tests. */
import type { FastifyInstance } from 'fastify';
import { reconcileWindow } from '../../jobs/reconcile-window.ts';
import { buildWebApp } from '../../src/web/app.ts';
import { addUser } from '../../src/web/users.ts';
import { load } from './fixtures.ts';
import type { TestDb } from './test-db.ts';

export const PASSWORD = 'correct horse battery';
export const WEEK = { from: '2026-11-01', to: '2026-11-07' };
const at = (day: string) => `2026-11-${day}T10:00:00.000-03:00`;

export async function plantUiWorld(t: TestDb): Promise<void> {
  await load(t.deps, {
    orders: [
      { id: 'O1', amount: '70.00' },
      { id: 'O2', amount: '1234567.89' },
      { id: 'O3', amount: '30.00', status: 'pending', paid: null },
      { id: 'U1', amount: '95000.00' },
    ],
    payments: [{ id: '98765432101234', order: 'O1', amount: '70.00' }],
    reports: [
      {
        ...WEEK,
        rows: [
          { ref: 'REF-O1', payment: '98765432101234', amount: '69.00', at: at('03') },
          { ref: 'REF-O2', payment: '98765432109999', amount: '1234567.89', at: at('04') },
          { ref: 'REF-O2', payment: '98765432108888', amount: '1234567.89', at: at('04') },
          { ref: 'REF-O3', payment: '98765432107777', amount: '31.00', at: at('05') },
          { ref: 'NOBODY-1', payment: '98765432106666', amount: '12.34', at: at('05') },
          { ref: 'REF-U1', payment: '98765432105555', amount: '95.00', currency: 'USD', at: at('05') },
        ],
      },
    ],
  });
  await reconcileWindow(t.deps, WEEK);
  await addUser(t.deps.conn.db, 'ana', 'analyst', PASSWORD);
  await addUser(t.deps.conn.db, 'vera', 'viewer', PASSWORD);
  await addUser(t.deps.conn.db, 'ada', 'admin', PASSWORD);
}

export async function startUi(t: TestDb): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildWebApp(t.deps);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}
