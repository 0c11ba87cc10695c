/**
 * The simulator's control API under /__sim (no token needed; loopback only): seed accounts and ledger
 * movements, arm faults, flip quirks, move a manual clock, reset. Tests in other languages or a shell
 * drive the simulator through these; TypeScript tests may call the same SimState methods directly.
 *
 *   POST   /__sim/accounts  {accessToken, siteId?, userId?, currency?, timezone?}          → 201 account
 *   POST   /__sim/ledger    {accessToken, movements: [...]}                                  → 201 {added}
 *   POST   /__sim/faults    {method?, path, type, times?, ...} or {faults: [...]}           → 201 rules
 *   DELETE /__sim/faults                                                                     → 200
 *   POST   /__sim/quirks    {bom?: true, rangeEnd?: "inclusive", ...}                        → 200 quirks
 *   POST   /__sim/settings  {reportDelayMs?, reportPolls?}                                   → 200
 *   POST   /__sim/clock     {now?: ISO, advanceMs?: n} (only with a manual clock)            → 200 {now}
 *   POST   /__sim/reset                                                                      → 200
 *   GET    /__sim/state     summary: accounts, counts, faults, quirks                       → 200
 */
import { describeAccount } from './accounts.ts';
import { isManualClock } from './clock.ts';
import { fail, json, parseJson } from './http-io.ts';
import type { BaseContext, RouteModule } from './router.ts';

export const adminRoutes: RouteModule = (router) => {
  router.admin('POST', '/__sim/accounts', (ctx) => json(201, describeAccount(ctx.state.addAccount(parseJson(ctx.body)))));

  router.admin('POST', '/__sim/ledger', (ctx) => {
    const body = object(ctx);
    const token = body.accessToken ?? body.access_token;
    if (typeof token !== 'string') fail(400, 'bad_request', 'accessToken is required.');
    if (!Array.isArray(body.movements)) fail(400, 'bad_request', 'movements must be an array.');
    return json(201, { added: ctx.state.addMovements(token, body.movements).length });
  });

  router.admin('POST', '/__sim/faults', (ctx) => {
    const body = object(ctx);
    const inputs = Array.isArray(body.faults) ? body.faults : [body];
    return json(201, inputs.map((f) => ctx.state.addFault(f)));
  });

  router.admin('DELETE', '/__sim/faults', (ctx) => {
    ctx.state.faults.clear();
    return json(200, { ok: true });
  });

  router.admin('POST', '/__sim/quirks', (ctx) => json(200, ctx.state.setQuirks(parseJson(ctx.body) ?? {})));

  router.admin('POST', '/__sim/settings', (ctx) => {
    const body = object(ctx);
    for (const key of ['reportDelayMs', 'reportPolls'] as const) {
      const v = body[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(400, 'bad_request', `${key} must be a whole number ≥ 0.`);
      ctx.state[key] = v;
    }
    return json(200, { reportDelayMs: ctx.state.reportDelayMs, reportPolls: ctx.state.reportPolls });
  });

  router.admin('POST', '/__sim/clock', (ctx) => {
    const clock = ctx.state.clock;
    if (!isManualClock(clock)) return fail(409, 'conflict', 'The simulator runs on the system clock; start it with createManualClock() to move time.');
    const body = object(ctx);
    if (typeof body.now === 'string') clock.set(body.now);
    if (typeof body.advanceMs === 'number') clock.advance(body.advanceMs);
    return json(200, { now: clock.now().toISOString() });
  });

  router.admin('POST', '/__sim/reset', (ctx) => {
    ctx.state.reset();
    return json(200, { ok: true });
  });

  router.admin('GET', '/__sim/state', (ctx) =>
    json(200, {
      now: ctx.state.now().toISOString(),
      quirks: ctx.state.quirks,
      faults: ctx.state.faults.list(),
      accounts: ctx.state.accounts().map((a) => ({
        ...describeAccount(a.account),
        movements: a.ledger.movements.length,
        reports: Object.fromEntries(Object.entries(a.reports).map(([k, r]) => [k, { configured: r.config !== undefined, tasks: r.tasks.length }])),
      })),
    }),
  );
};

function object(ctx: BaseContext): Record<string, unknown> {
  const body = parseJson(ctx.body) ?? {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'bad_request', 'Body must be a JSON object.');
  return body as Record<string, unknown>;
}
