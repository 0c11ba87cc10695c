/**
 * The generator's steady traffic (simulator/generator/steady-traffic.ts) with the merchant's side in
 * the shapes the test fixtures load: weeks of a seller's payments, refunds, payouts and (optionally)
 * chargebacks, and the simulator's settlement and release reports of any business dates.
 */
import { type SimulatedTraffic as Generated, simulateTraffic as generate, type TrafficOptions } from '../../simulator/generator/steady-traffic.ts';
import type { OrderFixture, PaymentFixture, RefundFixture } from './fixtures.ts';

export type { TrafficOptions };

export interface SimulatedTraffic extends Omit<Generated, 'orders' | 'payments' | 'refunds'> {
  readonly orders: OrderFixture[];
  readonly payments: PaymentFixture[];
  readonly refunds: RefundFixture[];
}

export function simulateTraffic(options: TrafficOptions): SimulatedTraffic {
  const traffic = generate(options);
  return {
    ...traffic,
    orders: traffic.orders.map((o) => ({ id: o.orderId, ref: o.externalReference, amount: o.amount, status: o.status, created: o.createdAt, paid: o.paidAt })),
    payments: traffic.payments.map((p) => ({ id: p.paymentId, order: p.orderId, amount: p.amount, at: p.approvedAt })),
    refunds: traffic.refunds.map((r) => ({ id: r.refundId, order: r.orderId, payment: r.paymentId, amount: r.amount, at: r.createdAt })),
  };
}
