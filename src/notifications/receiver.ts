/**
 * The notification receiver (node:http): `POST /notifications/mercadopago` takes IPN and Webhook
 * deliveries, `GET /healthz` reports whether the database answers. A delivery is checked (size, JSON,
 * signature), written to the notifications table, and only then acknowledged with 200, fast, since MP
 * waits at most 22 s; the worker processes it afterwards. If the row cannot be written the answer is
 * 500, so MP delivers it again.
 *
 * Answers: 200 recorded (or duplicate, or unknown topic: recorded as ignored); 400 not JSON or no
 * resource id; 401 bad or missing x-signature on a Webhook when MP_WEBHOOK_SECRET is set (recorded as
 * rejected, never processed); 413 body over the limit; 404 / 405 anything else. IPN deliveries are
 * unsigned by MP, so they are accepted without a signature: they only ever trigger a fetch from the API.
 *
 * One receiver serves every account: the user_id a notification names routes it (route-notification.ts);
 * one no account owns is recorded as ignored (200: kept, never lost, and MP need not retry). The
 * webhook secret is the deployment's (MP_WEBHOOK_SECRET): it belongs to the application, not a seller.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { EngineDeps } from '../deps.ts';
import { ReconError } from '../errors.ts';
import { type Incoming, recordNotification } from './notification-store.ts';
import { parseNotification } from './parse-notification.ts';
import { routeNotification } from './route-notification.ts';
import { verifySignature } from './verify-signature.ts';
import { NotificationWorker, type WorkerOptions } from './worker.ts';

export const NOTIFICATION_PATH = '/notifications/mercadopago';

export interface ReceiverOptions {
  readonly port: number;
  /** Default 0.0.0.0: Mercado Pago must reach it (usually through a proxy that terminates TLS). */
  readonly host?: string;
  /** Default 64 KiB; MP's notifications are a few hundred bytes. */
  readonly bodyLimitBytes?: number;
  readonly worker?: WorkerOptions;
  /** Default true; tests may drive worker.drain() themselves instead. */
  readonly startWorker?: boolean;
}

export interface RunningReceiver {
  readonly url: string;
  readonly worker: NotificationWorker;
  close(): Promise<void>;
}

class TooLarge extends Error {}

export async function startReceiver(deps: EngineDeps, options: ReceiverOptions): Promise<RunningReceiver> {
  const log = deps.log.child({ component: 'receiver' });
  const worker = new NotificationWorker(deps, options.worker);
  const limit = options.bodyLimitBytes ?? 64 * 1024;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'receiver failed on a request');
      answer(res, 500, { error: 'internal error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname === '/healthz') {
      if (req.method !== 'GET') return answer(res, 405, { error: 'use GET' });
      const ok = await sql`select 1`.execute(deps.conn.db).then(() => true, () => false);
      return answer(res, ok ? 200 : 503, { status: ok ? 'ok' : 'error', database: ok ? 'reachable' : 'unreachable' });
    }
    if (url.pathname !== NOTIFICATION_PATH) return answer(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return answer(res, 405, { error: 'use POST' });
    let text: string;
    try {
      text = await readLimited(req, limit);
    } catch (err) {
      if (err instanceof TooLarge) return answer(res, 413, { error: `body over ${limit} bytes` }, true);
      throw err;
    }
    const parsed = parseNotification(url, text);
    if (!parsed.ok) {
      log.warn({ reason: parsed.message }, 'notification refused');
      return answer(res, 400, { error: parsed.message });
    }
    const n = parsed.notification;
    const requestId = header(req, 'x-request-id');
    const signature = header(req, 'x-signature');
    const secret = deps.config.webhookSecret;
    let signatureValid: boolean | null = null;
    let rejection: string | null = null;
    // Webhooks must be signed when we know the secret; an IPN is checked only if it carries a signature.
    if (secret && (n.channel === 'webhook' || signature !== undefined)) {
      const check = verifySignature({
        secret,
        header: signature,
        requestId,
        // MP signs data.id as found in the URL, and leaves the part out when the URL has none.
        dataId: n.signedDataId,
        nowMs: deps.now().getTime(),
        maxAgeMs: deps.config.webhookMaxAgeSeconds * 1000,
      });
      signatureValid = check.ok;
      if (!check.ok) rejection = `x-signature ${check.reason}`;
    }
    let recorded: Awaited<ReturnType<typeof recordNotification>>;
    let incoming: Incoming;
    try {
      const route = await routeNotification(deps.conn.db, deps.config, n.userId);
      const ignored = route.ignored ?? (n.known ? null : `topic ${n.topic} is not one mp-recon processes`);
      incoming = {
        notification: n,
        accountId: route.account?.id ?? null,
        requestId: requestId ?? null,
        signatureValid,
        status: rejection ? 'rejected' : ignored ? 'ignored' : 'received',
        note: rejection ?? ignored,
      };
      recorded = await recordNotification(deps.conn.db, incoming, deps.now());
    } catch (err) {
      log.error({ err, topic: n.topic, resourceId: n.resourceId }, 'could not record a notification; answered 500 so Mercado Pago retries');
      return answer(res, 500, { error: 'could not record the notification; retry later' });
    }
    log.info(
      { id: recorded.id, account: incoming.accountId, userId: n.userId, channel: n.channel, topic: n.topic, resourceId: n.resourceId, status: incoming.status, duplicate: recorded.duplicate },
      'notification recorded',
    );
    if (rejection) return answer(res, 401, { error: `invalid signature (${rejection})` });
    answer(res, 200, { status: incoming.status === 'ignored' ? 'ignored' : recorded.duplicate ? 'duplicate' : 'received', id: recorded.id });
    if (incoming.status === 'received') worker.wake();
  }

  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ReconError('RECEIVER_LISTEN_FAILED', `cannot listen on ${host}:${options.port}: ${err.message}; pick another --port`, { cause: err })));
    server.listen(options.port, host, () => resolve());
  });
  if (options.startWorker !== false) worker.start();
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    worker,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await worker.stop();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readLimited(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answer(res: ServerResponse, status: number, body: unknown, closeConnection = false): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...(closeConnection ? { connection: 'close' } : {}) });
  res.end(text);
}
