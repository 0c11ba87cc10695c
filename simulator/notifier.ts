/**
 * Notification delivery, as Mercado Pago does it (§4): every change to a payment or merchant order is
 * POSTed to the configured URL as an IPN (`?topic=…&id=…`, body {resource, topic}, unsigned) and/or a
 * Webhook (`?data.id=…&type=payment`, JSON body, signed x-signature when a secret is set). A 200/201
 * within the timeout is a success; anything else is retried on a schedule (default the in-person IPN one:
 * +30 s, +5 min, +30 min) and then given up.
 *
 * Time is the simulator's clock. With a manual clock `drain()` jumps it to each next retry, so a test
 * walks the whole schedule instantly; with the system clock retries wait on real timers. `hold()` keeps
 * notifications back and `release()` sends them reversed, duplicated, or not at all (lost).
 */
import { randomUUID } from 'node:crypto';
import { type Clock, isManualClock } from './clock.ts';
import { signWebhook } from './notification-signing.ts';
import { DEFAULT_SETTINGS as DEFAULTS, type NotifierSettings, parseSettings } from './notifier-settings.ts';

export type NotificationTopic = 'payment' | 'merchant_order';
export type { NotifierSettings } from './notifier-settings.ts';

interface Delivery {
  readonly seq: number;
  readonly channel: 'ipn' | 'webhook';
  readonly topic: NotificationTopic;
  readonly resourceId: string;
  readonly userId: number;
  readonly action: string;
  attempt: number;
  dueAt: number;
}

/** One POST the notifier made, for tests and GET /__sim/notifications. */
export interface DeliveryAttempt {
  readonly seq: number;
  readonly channel: 'ipn' | 'webhook';
  readonly topic: NotificationTopic;
  readonly resourceId: string;
  readonly attempt: number;
  readonly at: string;
  /** HTTP status, or null when the request failed (refused, timeout). */
  readonly status: number | null;
  readonly outcome: 'delivered' | 'retry' | 'gave_up';
}

export interface ReleaseOptions {
  readonly order?: 'as_emitted' | 'reverse';
  /** Send each held notification this many times (2 = a duplicate of each). */
  readonly copies?: number;
  /** Discard them instead: notifications lost for good. */
  readonly drop?: boolean;
}

export class Notifier {
  settings: NotifierSettings = { ...DEFAULTS };
  readonly attempts: DeliveryAttempt[] = [];
  readonly #clock: () => Clock;
  #queue: Delivery[] = [];
  #held: Delivery[] = [];
  #holding = false;
  #seq = 0;
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(clock: () => Clock) {
    this.#clock = clock;
  }

  configure(input: unknown): NotifierSettings {
    this.settings = { ...this.settings, ...parseSettings(input) };
    return this.settings;
  }

  /** A payment or merchant order changed: queue its notifications for the configured channels. */
  emit(userId: number, topic: NotificationTopic, resourceId: string, action = `${topic}.updated`): void {
    if (!this.settings.url) return;
    const { mode } = this.settings;
    const channels = (['ipn', 'webhook'] as const).filter((c) => mode === 'both' || mode === c);
    for (const channel of channels) {
      const delivery: Delivery = { seq: ++this.#seq, channel, topic, resourceId, userId, action, attempt: 0, dueAt: this.#now() };
      (this.#holding ? this.#held : this.#queue).push(delivery);
    }
    this.#kick();
  }

  hold(): void {
    this.#holding = true;
  }

  /** Ends a hold: the held notifications go out now (reordered or duplicated), or are lost. */
  release(options: ReleaseOptions = {}): number {
    this.#holding = false;
    const held = this.#held;
    this.#held = [];
    if (options.drop) return 0;
    const ordered = options.order === 'reverse' ? [...held].reverse() : held;
    const copies = Math.max(1, options.copies ?? 1);
    const now = this.#now();
    for (const d of ordered) for (let i = 0; i < copies; i += 1) this.#queue.push({ ...d, seq: ++this.#seq, dueAt: now, attempt: 0 });
    this.#kick();
    return ordered.length * copies;
  }

  pending(): number {
    return this.#queue.length + this.#held.length;
  }

  /** Sends everything due now, one at a time in queue order; resolves when done. */
  pump(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#deliverDue()).catch(() => {});
    return this.#chain;
  }

  /** Delivers until nothing is queued, jumping a manual clock to each retry; waits real time otherwise. */
  async drain(maxRounds = 100): Promise<void> {
    for (let round = 0; round < maxRounds; round += 1) {
      await this.pump();
      if (this.#queue.length === 0) return;
      const next = Math.min(...this.#queue.map((d) => d.dueAt));
      const clock = this.#clock();
      if (isManualClock(clock)) clock.set(new Date(Math.max(next, this.#now())));
      else await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - this.#now())));
    }
  }

  /** Resolves when the current sends are done. */
  idle(): Promise<void> {
    return this.#chain;
  }

  reset(): void {
    this.stop();
    this.settings = { ...DEFAULTS };
    this.#queue = [];
    this.#held = [];
    this.#holding = false;
    this.attempts.length = 0;
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #now(): number {
    return this.#clock().now().getTime();
  }

  #kick(): void {
    if (this.settings.autoDeliver && !this.#holding && this.#queue.length > 0) setImmediate(() => void this.pump());
  }

  async #deliverDue(): Promise<void> {
    const now = this.#now();
    const due = this.#queue.filter((d) => d.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    this.#queue = this.#queue.filter((d) => d.dueAt > now);
    for (const d of due) {
      const status = await this.#send(d);
      const ok = status === 200 || status === 201;
      const retryIn = this.settings.scheduleMs[d.attempt];
      const outcome = ok ? 'delivered' : retryIn === undefined ? 'gave_up' : 'retry';
      this.attempts.push({ seq: d.seq, channel: d.channel, topic: d.topic, resourceId: d.resourceId, attempt: d.attempt + 1, at: new Date(this.#now()).toISOString(), status, outcome });
      if (outcome === 'retry') this.#queue.push({ ...d, attempt: d.attempt + 1, dueAt: this.#now() + (retryIn ?? 0) });
    }
    this.#armTimer();
  }

  /** With the system clock and auto delivery, wake up for the next retry. */
  #armTimer(): void {
    this.stop();
    if (!this.settings.autoDeliver || this.#queue.length === 0 || isManualClock(this.#clock())) return;
    const wait = Math.max(0, Math.min(...this.#queue.map((d) => d.dueAt)) - this.#now());
    this.#timer = setTimeout(() => void this.pump(), wait);
    this.#timer.unref();
  }

  async #send(d: Delivery): Promise<number | null> {
    const { url: base, secret, tsUnit, timeoutMs } = this.settings;
    if (!base) return null;
    const url = new URL(base);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'MercadoPago-Simulator' };
    let body: unknown;
    if (d.channel === 'ipn') {
      url.searchParams.set('topic', d.topic);
      url.searchParams.set('id', d.resourceId);
      body = { resource: d.topic === 'merchant_order' ? `https://api.mercadolibre.com/merchant_orders/${d.resourceId}` : d.resourceId, topic: d.topic };
    } else {
      // MP's Webhooks name merchant orders `topic_merchant_order_wh` (the Webhooks topic "Orders (Mercado Pago)").
      const type = d.topic === 'merchant_order' ? 'topic_merchant_order_wh' : d.topic;
      url.searchParams.set('data.id', d.resourceId);
      url.searchParams.set('type', type);
      const nowMs = this.#now();
      body = { id: d.seq, live_mode: false, type, date_created: new Date(nowMs).toISOString(), user_id: d.userId, api_version: 'v1', action: d.action, data: { id: d.resourceId } };
      if (secret) {
        const requestId = randomUUID();
        const ts = tsUnit === 'ms' ? String(nowMs) : String(Math.floor(nowMs / 1000));
        headers['x-request-id'] = requestId;
        headers['x-signature'] = signWebhook(secret, d.resourceId, requestId, ts);
      }
    }
    try {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch {
      return null;
    }
  }
}
