/**
 * One streaming pass over a report file's bytes before anything is stored: its sha256 and size, how
 * many physical lines it has, and whether its CSV is in the plain shape Postgres's own CSV reader
 * parses exactly as our parser does. Only such a file may take the raw-COPY fast path
 * (raw-stage.ts); any other file goes through the Node parser, which names every bad row.
 *
 * "Plain" means: every record is one physical line (no quoted line breaks), and every quote either
 * opens a field, closes it, or is doubled inside it. Postgres reads a quote in the middle of an
 * unquoted field (`ab"c`) as the start of a quoted section, where csv-parse rejects the row, so such a
 * file must not be read by Postgres. Only quote and newline positions are visited (Buffer.indexOf),
 * so the pass costs little more than the hash.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileSurvey {
  readonly sha256: string;
  readonly bytes: number;
  /** Physical lines, counting a last line without a line break. */
  readonly lines: number;
  /** Empty lines (blank or a lone CR): the Node parser skips them, Postgres would not. */
  readonly emptyLines: number;
  /** True when every quote sits where RFC 4180 allows it and no quoted field spans lines. */
  readonly plainCsv: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export async function surveyFile(path: string, separator: ',' | ';'): Promise<FileSurvey> {
  const hash = createHash('sha256');
  const sep = separator.charCodeAt(0);
  let bytes = 0;
  let lines = 0;
  let emptyLines = 0;
  let plain = true;
  let inQuote = false;
  // The byte before the current chunk, for the quote checks at a chunk's first byte.
  let prevByte = LF;
  // A closing candidate at a chunk's last byte is decided by the next chunk's first byte.
  let pendingClose = false;
  let lineHasContent = false;

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    let i = 0;
    if (pendingClose) {
      pendingClose = false;
      if (chunk[0] === QUOTE) i = 1; // an escaped quote split across chunks: still inside the field
      else {
        inQuote = false;
        const next = chunk[0]!;
        if (next !== sep && next !== LF && next !== CR) plain = false;
      }
    }
    while (i < chunk.length) {
      const nl = chunk.indexOf(LF, i);
      const q = plain ? chunk.indexOf(QUOTE, i) : -1;
      if (q !== -1 && (nl === -1 || q < nl)) {
        lineHasContent = true;
        if (!inQuote) {
          const before = q > 0 ? chunk[q - 1]! : prevByte;
          if (before !== sep && before !== LF && !(before === 0xbf && lines === 0)) plain = false;
          inQuote = true;
          i = q + 1;
        } else if (q + 1 >= chunk.length) {
          pendingClose = true;
          i = q + 1;
        } else if (chunk[q + 1] === QUOTE) {
          i = q + 2;
        } else {
          const after = chunk[q + 1]!;
          if (after !== sep && after !== LF && after !== CR) plain = false;
          inQuote = false;
          i = q + 1;
        }
        continue;
      }
      if (nl === -1) {
        if (i < chunk.length) lineHasContent = true;
        break;
      }
      if (inQuote) plain = false;
      if (!lineHasContent && isBlank(chunk, i, nl)) emptyLines++;
      lines++;
      lineHasContent = false;
      i = nl + 1;
    }
    prevByte = chunk[chunk.length - 1] ?? prevByte;
  }
  if (pendingClose) inQuote = false;
  if (inQuote) plain = false;
  if (lineHasContent) lines++;
  return { sha256: hash.digest('hex'), bytes, lines, emptyLines, plainCsv: plain };
}

/** Whether bytes [from, to) of a line are nothing or a lone CR. Lines that started in an earlier chunk count as content. */
function isBlank(chunk: Buffer, from: number, to: number): boolean {
  return to === from || (to === from + 1 && chunk[from] === CR);
}
