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
import { isAscii, isUtf8 } from 'node:buffer';
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
  /** Every byte is valid UTF-8 (Postgres's COPY would refuse the file otherwise). */
  readonly utf8: boolean;
  /** Every byte is ASCII: no text can need Unicode normalisation. */
  readonly ascii: boolean;
  /** The longest line in bytes: no cell of the file is longer. */
  readonly maxLineBytes: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** `chunkBytes` is the read size (tests make it tiny to cross every chunk boundary). */
export async function surveyFile(path: string, separator: ',' | ';', chunkBytes = 1 << 20): Promise<FileSurvey> {
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
  let utf8 = true;
  let ascii = true;
  let maxLineBytes = 0;
  // Bytes of the current line seen in earlier chunks.
  let lineCarry = 0;
  // A UTF-8 sequence cut by the chunk's end, checked with the next chunk.
  let utf8Tail: Buffer = Buffer.alloc(0);

  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (ascii && !isAscii(chunk)) ascii = false;
    if (!ascii && utf8) {
      const text = utf8Tail.length > 0 ? Buffer.concat([utf8Tail, chunk]) : chunk;
      const end = completeUtf8End(text);
      if (!isUtf8(text.subarray(0, end))) utf8 = false;
      utf8Tail = Buffer.from(text.subarray(end));
    }
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
  if (utf8Tail.length > 0) utf8 = false;
  maxLineBytes = Math.max(maxLineBytes, lineCarry);
  return { sha256: hash.digest('hex'), bytes, lines, emptyLines, plainCsv: plain, utf8, ascii, maxLineBytes };
}

/** Where the last complete UTF-8 sequence of `bytes` ends (a multi-byte character may be cut at a chunk's end). */
function completeUtf8End(bytes: Buffer): number {
  let start = bytes.length - 1;
  // Step back over at most three continuation bytes (10xxxxxx) to the lead byte of the last character.
  while (start > 0 && bytes.length - start < 4 && (bytes[start]! & 0xc0) === 0x80) start--;
  const lead = bytes[start] ?? 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start >= need ? bytes.length : start;
}
