/**
 * When the simulated MP makes a payment's money available, if the ledger entry does not say: after the
 * approval, by payment method type, as sellers see it with MP's default release terms (account money
 * and instant transfers at once, debit a day later, tickets once the payment is credited, cards after
 * the 14-day term). The ledger uses it for `releasedAt`, so the settlement report's MONEY_RELEASE_DATE
 * and the release report's DATE of a payment always agree.
 */

const DAY_MS = 86_400_000;

/** Days from approval to release per PAYMENT_METHOD_TYPE; types not listed are released at once. */
export const RELEASE_DAYS: Readonly<Record<string, number>> = {
  account_money: 0,
  available_money: 0,
  bank_transfer: 0,
  digital_currency: 0,
  debit_card: 1,
  prepaid_card: 1,
  ticket: 2,
  atm: 2,
  credit_card: 14,
};

export function releaseDateFor(paymentMethodType: string, approvedAt: Date): Date {
  return new Date(approvedAt.getTime() + (RELEASE_DAYS[paymentMethodType] ?? 0) * DAY_MS);
}
