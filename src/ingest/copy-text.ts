/**
 * COPY text format encoding: tab between columns, `\N` for null, and backslash escapes for the four
 * characters that would break a line. Values are already validated strings.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLine(values: readonly (string | null)[]): string {
  let line = copyValue(values[0] ?? null);
  for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i] ?? null)}`;
  return `${line}\n`;
}

/** Groups lines into chunks of about `size` characters: fewer, larger writes into the COPY stream. */
export async function* chunkLines(lines: AsyncIterable<string>, size = 64 * 1024): AsyncGenerator<string> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
