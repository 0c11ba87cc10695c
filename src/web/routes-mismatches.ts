/**
 * The mismatch list (filters, sort, pages, CSV export) of every account or of the one its filter picks,
 * a mismatch's page, and the actions on it. Ids are global, so a mismatch's page and actions work for
 * any account's mismatch.
 */
import { sql } from 'kysely';
import { actOnMismatch, type ManualAction } from '../mismatches/act-on-mismatch.ts';
import { listMismatches, MISMATCH_COLUMNS_WITH_ACCOUNT } from '../mismatches/list-mismatches.ts';
import { showMismatch } from '../mismatches/show-mismatch.ts';
import { toCsv } from '../output/format-rows.ts';
import type { WebRoutes } from './web-routes.ts';
import { page } from './layout.ts';
import { detailBody, listBody } from './mismatch-pages.ts';
import { parseListQuery, toFilter } from './mismatch-query.ts';
import { roleAtLeast } from './users.ts';

const ACTIONS: Readonly<Record<string, ManualAction>> = { ack: 'acknowledged', assign: 'assigned', comment: 'commented', resolve: 'resolved' };

export function registerMismatchRoutes({ app, deps, requireRole, pageContext }: WebRoutes): void {
  const db = deps.conn.db;

  app.get('/mismatches', async (req, reply) => {
    const q = parseListQuery(req.query as Record<string, unknown>);
    const [rows, accounts, kinds] = await Promise.all([
      listMismatches(db, toFilter(q, true)),
      sql<{ v: string }>`select distinct account_id as v from mismatches order by 1`.execute(db),
      sql<{ v: string }>`select distinct kind as v from mismatches order by 1`.execute(db),
    ]);
    const ctx = pageContext(req, reply);
    const choices = { accounts: accounts.rows.map((r) => r.v), kinds: kinds.rows.map((r) => r.v) };
    return reply.type('text/html').send(page(ctx, 'Mismatches', listBody(q, rows, choices, roleAtLeast(ctx.user.role, 'analyst'))));
  });

  app.get('/mismatches.csv', async (req, reply) => {
    const rows = await listMismatches(db, toFilter(parseListQuery(req.query as Record<string, unknown>), false));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="mismatches.csv"')
      .send(toCsv(MISMATCH_COLUMNS_WITH_ACCOUNT, rows.map((r) => MISMATCH_COLUMNS_WITH_ACCOUNT.map((c) => r[c]))));
  });

  app.get('/mismatches/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const detail = await showMismatch(db, id);
    const ctx = pageContext(req, reply);
    return reply.type('text/html').send(page(ctx, `Mismatch ${id}: ${detail.kind}`, detailBody(detail, ctx.csrf, roleAtLeast(ctx.user.role, 'analyst'))));
  });

  app.post('/mismatches/:id/:action', { preHandler: [app.csrfProtection, requireRole('analyst')] }, async (req, reply) => {
    const { id, action } = req.params as { id: string; action: string };
    const body = req.body as Record<string, string | undefined>;
    const manual = ACTIONS[action];
    if (!manual) return reply.code(404).send('no such action');
    await actOnMismatch(db, { id, action: manual, actor: req.user!.name, note: body.note, assignee: body.assignee });
    return reply.redirect(`/mismatches/${id}`, 303);
  });
}
