/**
 * What finance does next for each kind: one line, shown in the UI, the HTML summary and
 * docs/mismatch-kinds.md (a test keeps the doc in step).
 */
export const NEXT_STEPS: Readonly<Record<string, string>> = {
  payment_missing_internally: 'Find the sale in your systems by the reference or payment id and import it; if it is not yours, ask Mercado Pago.',
  payment_missing_in_report: 'Look the payment up in Mercado Pago; if it was never approved, mark the order unpaid, else wait for the next report.',
  amount_mismatch: 'Compare the order total with the payment in Mercado Pago; correct the order or claim the difference.',
  duplicate_payment: 'Refund the extra payment to the buyer, or record the second sale it belongs to.',
  currency_mismatch: 'Check which currency was charged; fix the order currency or refund and charge again in the right one.',
  status_mismatch: 'Mercado Pago settled it: mark the order paid and deliver, or refund the buyer.',
  refund_missing_internally: 'Record the refund in your systems (who asked, why) or dispute it with Mercado Pago.',
  refund_missing_in_report: 'Check the refund status in Mercado Pago; if it failed, refund again or reverse it internally.',
  refund_amount_mismatch: 'Compare each refund on both sides and correct the internal amount or claim the rest.',
  over_refunded: 'Stop further refunds on the order and recover the excess from the buyer or Mercado Pago.',
  chargeback: 'Send the delivery evidence to Mercado Pago before the dispute deadline, or accept the loss.',
  row_arithmetic: 'Report the row to Mercado Pago support with the file and line; do not book it until corrected.',
  balance_break: 'Re-download the release reports for those days; if the break stays, open a case with Mercado Pago.',
  released_not_settled: 'Fetch the settlement report for the payment day; if the payment is missing there, ask Mercado Pago.',
  settled_not_released: 'Check holds and disputes on the payment in Mercado Pago; ask when the money will be released.',
  payout_mismatch: 'Match each payout with your bank statement and the release report; claim the missing transfer.',
};

export function nextStepFor(kind: string): string {
  return NEXT_STEPS[kind] ?? 'Read the evidence and decide; see docs/mismatch-kinds.md.';
}
