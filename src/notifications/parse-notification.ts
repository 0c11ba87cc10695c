/**
 * Reads what Mercado Pago POSTed to the receiver, in either form it uses (§4):
 * - IPN: `?topic=merchant_order&id=123` or `?topic=payment&id=456`, body `{"resource": "...", "topic": "..."}`
 *   (the id may also come only in the body's resource, a URL or a bare id);
 * - Webhooks: `?data.id=456&type=payment`, body `{"id", "type", "action", "data": {"id"}, ...}`.
 * The result names the channel, the topic (normalised: payment, merchant_order, or the raw unknown
 * one) and the resource id. Only the id and topic are used later: the resource itself is always fetched
 * from the API, never trusted from the body.
 *
 * The seller it is for (`userId`) routes it to an account: a Webhook's body carries `user_id`; MP's
 * IPN carries none, so a `user_id` in the query (put there by a notification_url per account, to which
 * MP appends topic and id) is read too. It only picks whose token fetches the resource.
 */
export type Channel = 'ipn' | 'webhook';
export const KNOWN_TOPICS = ['payment', 'merchant_order'] as const;
export type KnownTopic = (typeof KNOWN_TOPICS)[number];

export interface ParsedNotification {
  readonly channel: Channel;
  readonly topic: string;
  readonly known: boolean;
  readonly resourceId: string | null;
  readonly action: string | null;
  /** The Mercado Pago user (seller) the notification is for, digits only; null when it names none. */
  readonly userId: string | null;
  /** `data.id` exactly as in the query string: what the x-signature manifest signs. */
  readonly signedDataId: string | null;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type ParseOutcome = { ok: true; notification: ParsedNotification } | { ok: false; message: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const USER_ID = /^\d{1,20}$/;
const TOPIC_ALIASES: Readonly<Record<string, KnownTopic>> = {
  payment: 'payment',
  merchant_order: 'merchant_order',
  topic_merchant_order_wh: 'merchant_order',
};

export function parseNotification(url: URL, bodyText: string): ParseOutcome {
  let body: unknown = null;
  if (bodyText.trim() !== '') {
    try {
      body = JSON.parse(bodyText) as unknown;
    } catch {
      return { ok: false, message: 'the body is not valid JSON' };
    }
  }
  const b = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const query = Object.fromEntries(url.searchParams.entries());
  const data = b.data !== null && typeof b.data === 'object' ? (b.data as Record<string, unknown>) : undefined;
  const webhook = query['data.id'] !== undefined || query.type !== undefined || data !== undefined || typeof b.type === 'string';
  const rawTopic = webhook ? (query.type ?? str(b.type)) : (query.topic ?? str(b.topic));
  if (!rawTopic) return { ok: false, message: 'the notification names no topic (expected ?topic=… or ?type=…)' };
  const topic = TOPIC_ALIASES[rawTopic] ?? rawTopic;
  const known = (KNOWN_TOPICS as readonly string[]).includes(topic);
  const rawId = webhook ? (query['data.id'] ?? str(data?.id)) : (query.id ?? idFromResource(str(b.resource)));
  if (rawId !== undefined && !ID.test(rawId)) return { ok: false, message: 'the resource id is not a Mercado Pago id' };
  if (known && rawId === undefined) return { ok: false, message: `the ${topic} notification names no resource id` };
  return {
    ok: true,
    notification: {
      channel: webhook ? 'webhook' : 'ipn',
      topic,
      known,
      resourceId: rawId ?? null,
      action: str(b.action) ?? null,
      userId: userIdOf(str(b.user_id) ?? query.user_id),
      signedDataId: query['data.id'] ?? null,
      query,
      body,
    },
  };
}

/** A user id that is not a number is no user's (and is never echoed into notes or logs). */
function userIdOf(value: string | undefined): string | null {
  return value !== undefined && USER_ID.test(value) ? value : null;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** `https://api.mercadolibre.com/merchant_orders/36127019344` → `36127019344`; a bare id stays as it is. */
function idFromResource(resource: string | undefined): string | undefined {
  if (!resource) return undefined;
  const last = resource.split('?')[0]?.split('/').filter((s) => s !== '').at(-1);
  return last;
}
