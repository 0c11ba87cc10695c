/**
 * Reading money cells without ever going through a float. MP writes `-?\d+(\.\d+)?`; a file re-saved
 * by a spreadsheet may carry decimal commas (`150,50`) or grouping (`1.234,56`). The number style is a
 * property of the whole file: the first unambiguous cell fixes it, and a cell that could be read both
 * ways (`1.234`) before the style is known, or a cell in the other style after, is rejected with a code
 * that says so. The result is a canonical decimal string (`-1234.56`), ready for numeric in SQL.
 */
import { type Rejection, rejection } from './rejection-codes.ts';

export type NumberStyle = 'dot' | 'comma';

export class NumberStyleState {
  style: NumberStyle | undefined;
  constructor(initial?: NumberStyle) {
    this.style = initial;
  }
}

export type AmountResult = { ok: true; value: string } | ({ ok: false } & Rejection<AmountErrorCode>);
export type AmountErrorCode = 'AMOUNT_INVALID' | 'AMOUNT_AMBIGUOUS' | 'AMOUNT_MIXED_STYLE';

const PLAIN_INT = /^[+-]?\d+$/;
const DOT_DECIMAL = /^[+-]?\d+\.\d+$/;
const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const DOT_GROUPED_ONE = /^[+-]?\d{1,3}\.\d{3}$/; // 1.234: decimal or grouping?
const COMMA_GROUPED_ONE = /^[+-]?\d{1,3},\d{3}$/; // 1,234: decimal or grouping?
const DOT_GROUPED_INT = /^[+-]?\d{1,3}(\.\d{3}){2,}$/; // 1.234.567 (comma style)
const COMMA_GROUPED_INT = /^[+-]?\d{1,3}(,\d{3}){2,}$/; // 1,234,567 (dot style)
const DOT_GROUPED_COMMA_DEC = /^[+-]?\d{1,3}(\.\d{3})+,\d+$/; // 1.234,56 (comma style)
const COMMA_GROUPED_DOT_DEC = /^[+-]?\d{1,3}(,\d{3})+\.\d+$/; // 1,234.56 (dot style)

function canonical(sign: string, digits: string): string {
  // Strip a leading '+', keep '-', drop redundant leading zeros of the integer part.
  const dot = digits.indexOf('.');
  let int = dot === -1 ? digits : digits.slice(0, dot);
  let i = 0;
  while (i < int.length - 1 && int.charCodeAt(i) === 48) i++;
  if (i > 0) int = int.slice(i);
  const body = dot === -1 ? int : `${int}${digits.slice(dot)}`;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

function split(cell: string): [string, string] {
  const first = cell[0];
  return first === '-' || first === '+' ? [first, cell.slice(1)] : ['', cell];
}

/** The form MP writes (`-123.45`, `0`, `-8.85`): already canonical, so the hot path returns it as is. */
const MP_FORM = /^-?(?:0|[1-9]\d*)(?:\.\d{1,2}|\.\d{4,})?$/;

function mixedStyle(cell: string, style: NumberStyle, fileStyle: NumberStyle): AmountResult {
  const name = (s: NumberStyle) => (s === 'dot' ? 'a decimal point' : 'a decimal comma');
  return { ok: false, ...rejection('AMOUNT_MIXED_STYLE', cell, name(style), name(fileStyle)) };
}

/** Parses one non-empty, trimmed cell under the file's number style, fixing the style when it can. */
export function parseAmount(cell: string, state: NumberStyleState): AmountResult {
  if (MP_FORM.test(cell) && !(cell.charCodeAt(0) === 45 && !/[1-9]/.test(cell))) {
    if (cell.indexOf('.') === -1) return { ok: true, value: cell };
    if (state.style === 'comma') return mixedStyle(cell, 'dot', 'comma');
    state.style = 'dot';
    return { ok: true, value: cell };
  }
  if (PLAIN_INT.test(cell)) {
    const [sign, digits] = split(cell);
    return { ok: true, value: canonical(sign, digits) };
  }
  if (DOT_GROUPED_ONE.test(cell) || COMMA_GROUPED_ONE.test(cell)) {
    const dotFirst = DOT_GROUPED_ONE.test(cell);
    if (state.style === undefined) {
      return { ok: false, ...rejection('AMOUNT_AMBIGUOUS', cell) };
    }
    const [sign, digits] = split(cell);
    // In dot style '1.234' is a decimal and '1,234' a grouped thousand; in comma style the reverse.
    const value =
      state.style === 'dot'
        ? dotFirst
          ? digits
          : digits.replace(',', '')
        : dotFirst
          ? digits.replace('.', '')
          : digits.replace(',', '.');
    return { ok: true, value: canonical(sign, value) };
  }
  let style: NumberStyle;
  let digits: string;
  const [sign, body] = split(cell);
  if (DOT_DECIMAL.test(cell)) [style, digits] = ['dot', body];
  else if (COMMA_DECIMAL.test(cell)) [style, digits] = ['comma', body.replace(',', '.')];
  else if (COMMA_GROUPED_DOT_DEC.test(cell) || COMMA_GROUPED_INT.test(cell)) [style, digits] = ['dot', body.replaceAll(',', '')];
  else if (DOT_GROUPED_COMMA_DEC.test(cell) || DOT_GROUPED_INT.test(cell)) [style, digits] = ['comma', body.replaceAll('.', '').replace(',', '.')];
  else return { ok: false, ...rejection('AMOUNT_INVALID', cell) };
  if (state.style !== undefined && state.style !== style) return mixedStyle(cell, style, state.style);
  state.style = style;
  return { ok: true, value: canonical(sign, digits) };
}

const STRICT_AMOUNT = /^-?\d+(\.\d+)?$/;

/** Internal CSV files are ours: only the plain `-?\d+(\.\d+)?` form is accepted there. */
export function parseStrictAmount(cell: string): string | undefined {
  if (!STRICT_AMOUNT.test(cell)) return undefined;
  const [sign, digits] = split(cell);
  return canonical(sign, digits);
}
