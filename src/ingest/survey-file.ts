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
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileEncoding, refuseUtf16, Utf8Validator } from '../parse/decode.ts';
import { detectSeparator } from '../parse/header.ts';

export interface FileSurvey {
  readonly sha256: string;
  readonly bytes: number;
  /** Physical lines, counting a last line without a line break. */
  readonly lines: number;
  /** Empty lines (blank or a lone CR): the Node parser skips them, Postgres would not. */
  readonly emptyLines: number;
  /** True when every quote sits where RFC 4180 allows it and no quoted field spans lines. */
  readonly plainCsv: boolean;
  /** The header line's separator. */
  readonly separator: ',' | ';';
  /** `utf-8` when every byte is valid UTF-8 (Postgres's COPY would refuse the file otherwise), else `windows-1252` (decode.ts). */
  readonly encoding: FileEncoding;
  /** Every byte is ASCII: no text can need Unicode normalisation. */
  readonly ascii: boolean;
  /** The longest line in bytes: no cell of the file is longer. */
  readonly maxLineBytes: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * `chunkBytes` is the read size (tests make it tiny to cross every chunk boundary). A UTF-16 file is
 * refused (ENCODING_UNSUPPORTED).
 */
export async function surveyFile(path: string, fileName: string, chunkBytes = 1 << 20): Promise<FileSurvey> {
  const hash = createHash('sha256');
  const separator = detectSeparator(await headerLine(path));
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
  const utf8 = new Utf8Validator();
  let first = true;
  let ascii = true;
  let maxLineBytes = 0;
  // Bytes of the current line seen in earlier chunks.
  let lineCarry = 0;

  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    if (first) refuseUtf16(chunk, fileName);
    first = false;
    hash.update(chunk);
    bytes += chunk.length;
    if (ascii && !isAscii(chunk)) ascii = false;
    utf8.push(chunk);
    let i = 0;
    let lineStart = 0;
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
      if (nl === -1) break;
      if (inQuote) plain = false;
      const length = lineCarry + nl - lineStart;
      if (length === 0 || (length === 1 && (nl > 0 ? chunk[nl - 1] : prevByte) === CR)) emptyLines++;
      maxLineBytes = Math.max(maxLineBytes, length);
      lineCarry = 0;
      lineStart = nl + 1;
      lines++;
      i = nl + 1;
    }
    lineCarry += chunk.length - lineStart;
    prevByte = chunk[chunk.length - 1] ?? prevByte;
  }
  if (pendingClose) inQuote = false;
  if (inQuote) plain = false;
  if (lineCarry > 0) lines++;
  maxLineBytes = Math.max(maxLineBytes, lineCarry);
  const encoding = utf8.valid() ? 'utf-8' : 'windows-1252';
  return { sha256: hash.digest('hex'), bytes, lines, emptyLines, plainCsv: plain, separator, encoding, ascii, maxLineBytes };
}

/** The file's first line, enough of it to tell the separator (both candidates are ASCII, whatever the encoding). */
async function headerLine(path: string): Promise<string> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16, end: (1 << 16) - 1 }) as AsyncIterable<Buffer>) {
    const nl = chunk.indexOf(LF);
    return chunk.subarray(0, nl === -1 ? chunk.length : nl).toString('latin1');
  }
  return '';
}
