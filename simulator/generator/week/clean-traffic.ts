/**
 * Clean traffic: orders that reconcile with no mismatch, spread over the week, QR and online, with fees,
 * installments and (in MLA) some withheld taxes. This is the background the planted cases hide in.
 */
import { Decimal } from 'decimal.js';
import type { Ledger } from './ledger.ts';
import { at } from './model.ts';

export function cleanTraffic(ledger: Ledger, count: number, leadingZeroIds: readonly [string, string]): void {
  const { spec, rng } = ledger;
  for (let i = 1; i <= count; i++) {
    // Two ids with leading zeros: an importer that reads ids as numbers turns '000042' into 42.
    const id = i === 6 ? leadingZeroIds[0] : i === 19 ? leadingZeroIds[1] : String(spec.orderBase + i);
    // Paid between 08:00 and 21:59 local so the settlement row lands on the same business date.
    const paidAt = at(1 + ((i - 1) % 7), rng.int(8, 21), rng.int(0, 59), rng.int(0, 59));
    const cents = rng.int(spec.centsRange[0], spec.centsRange[1]);
    const amount = new Decimal(cents - (cents % 10)).div(100).toFixed(2);
    const order = ledger.order({ id, amount, status: 'paid', at: paidAt });
    // PACK_ID 2E+15 on two rows, as in MP's documented sample: an id a spreadsheet mangled, still text.
    const packId = i === 3 || i === 10 ? '2E+15' : undefined;
    ledger.sale(order, rng.pick(spec.channels), { packId, taxed: rng.chance(spec.taxChance) });
  }
}
