/**
 * Report text is written by whoever made the payment (references, descriptions), so output must not let
 * it act on the reader: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula,
 * and a terminal obeys escape sequences. These helpers make such text inert and still readable.
 */

/** The characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A text cell that a spreadsheet would run as a formula gets a leading `'` (OWASP's rule), which
 * spreadsheets show as text. A cell of a numeric column that holds a plain number is left alone, so
 * `-10.00` stays a number.
 */
export function neutraliseFormula(value: string, numeric: boolean): string {
  if (numeric && PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

// C0 controls (ESC among them), DEL and the C1 controls (a terminal reads U+009B as CSI).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Shows control characters as visible escapes (`\x1b`, `\n`) instead of letting a terminal act on them. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => NAMED_ESCAPES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
