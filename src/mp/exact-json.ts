/**
 * Money in Mercado Pago's JSON is a JSON number (`"transaction_amount": 1500.5`), and JSON.parse would
 * turn it into a binary float before we could see its digits. Node 20 has neither JSON.rawJSON nor the
 * reviver's source text, so we do the smallest thing that is exact: one pass over the text that quotes
 * every number token found outside a string, then JSON.parse. Every number therefore arrives as the
 * very text MP sent ("1500.5", "2E+15", "123456789012"), and readers turn it into a Decimal or an id.
 *
 * In the other direction, `jsonWithNumbers` writes request bodies whose amounts must be JSON numbers
 * from Decimal text, again without passing through a float.
 */
import type { Decimal } from 'decimal.js';

const NUMBER_START = /[-0-9]/;
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** JSON.parse, except that every number becomes the string of its source text. */
export function parseExactJson(text: string): unknown {
  let out = '';
  let copiedTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (NUMBER_START.test(c)) {
      NUMBER_TOKEN.lastIndex = i;
      const match = NUMBER_TOKEN.exec(text);
      // Not a valid number: leave the text alone and let JSON.parse report the error.
      if (!match) return JSON.parse(text) as unknown;
      out += `${text.slice(copiedTo, i)}"${match[0]}"`;
      i += match[0].length;
      copiedTo = i;
      continue;
    }
    i += 1;
  }
  return JSON.parse(out + text.slice(copiedTo)) as unknown;
}

/** Index just past the string starting at `start` (a quote), honouring backslash escapes. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i += 1;
  }
  return i;
}

/** A JSON object text whose `numbers` entries are written as number tokens from their Decimal text. */
export function jsonWithNumbers(fields: Readonly<Record<string, unknown>>, numbers: Readonly<Record<string, Decimal>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  for (const [key, value] of Object.entries(numbers)) {
    // toFixed() never uses exponent notation, so the token is plain digits: valid JSON and exact.
    parts.push(`${JSON.stringify(key)}:${value.toFixed()}`);
  }
  return `{${parts.join(',')}}`;
}
