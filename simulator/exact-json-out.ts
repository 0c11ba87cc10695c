/**
 * The simulator answers amounts the way Mercado Pago does, as JSON numbers (`"transaction_amount": 150.5`),
 * but builds them from Decimals without a float in between: `num(decimal)` marks a value, `jsonExact`
 * serialises the response and swaps each mark for the bare digits. A mark is a string with NUL bytes,
 * which JSON.stringify always escapes, so no ordinary string can be mistaken for one.
 */
import type { Decimal } from 'decimal.js';
import type { SimResponse } from './http-io.ts';

const MARK = '\u0000num:';
const MARKED = /"\\u0000num:(-?\d+(?:\.\d+)?)\\u0000"/g;

/** A JSON number written from a Decimal's exact text. */
export class JsonNumber {
  readonly text: string;
  constructor(value: Decimal) {
    this.text = value.toFixed();
  }
  toJSON(): string {
    return `${MARK}${this.text}\u0000`;
  }
}

export function num(value: Decimal): JsonNumber {
  return new JsonNumber(value);
}

export function exactJsonText(value: unknown): string {
  return JSON.stringify(value).replace(MARKED, '$1');
}

export function jsonExact(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: Buffer.from(exactJsonText(value)) };
}
