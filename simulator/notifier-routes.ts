/**
 * Admin endpoints of the notification emitter (notifier.ts):
 *
 *   POST /__sim/notifications          {url?, mode?, secret?, tsUnit?, scheduleMs?, timeoutMs?, autoDeliver?} → 200 settings
 *   POST /__sim/notifications/hold                                       → 200  keep new notifications back
 *   POST /__sim/notifications/release  {order?: reverse, copies?, drop?} → 200 {released}  send them reordered / doubled / never
 *   POST /__sim/notifications/drain                                      → 200  deliver all, walking the retry schedule
 *   GET  /__sim/notifications                                            → 200 {settings (secret masked), pending, attempts}
 */
import { fail, json, parseJson } from './http-io.ts';
import type { RouteModule } from './router.ts';

export const notifierRoutes: RouteModule = (router) => {
  router.admin('POST', '/__sim/notifications', (ctx) => json(200, masked(ctx.state.notifier.configure(parseJson(ctx.body) ?? {}))));

  router.admin('POST', '/__sim/notifications/hold', (ctx) => {
    ctx.state.notifier.hold();
    return json(200, { holding: true });
  });

  router.admin('POST', '/__sim/notifications/release', (ctx) => {
    const body = parseJson(ctx.body) ?? {};
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'bad_request', 'Body must be a JSON object.');
    const b = body as Record<string, unknown>;
    if (b.order !== undefined && b.order !== 'reverse' && b.order !== 'as_emitted') fail(400, 'bad_request', 'order must be reverse or as_emitted.');
    if (b.copies !== undefined && (typeof b.copies !== 'number' || !Number.isInteger(b.copies) || b.copies < 1)) fail(400, 'bad_request', 'copies must be a whole number ≥ 1.');
    const released = ctx.state.notifier.release({
      ...(b.order === 'reverse' ? { order: 'reverse' as const } : {}),
      ...(typeof b.copies === 'number' ? { copies: b.copies } : {}),
      drop: b.drop === true,
    });
    return json(200, { released });
  });

  router.admin('POST', '/__sim/notifications/drain', async (ctx) => {
    await ctx.state.notifier.drain();
    return json(200, { pending: ctx.state.notifier.pending(), attempts: ctx.state.notifier.attempts.length });
  });

  router.admin('GET', '/__sim/notifications', (ctx) =>
    json(200, { settings: masked(ctx.state.notifier.settings), pending: ctx.state.notifier.pending(), attempts: ctx.state.notifier.attempts }),
  );
};

function masked<T extends { secret: string | null }>(settings: T): T {
  return { ...settings, secret: settings.secret ? '[set]' : null };
}
