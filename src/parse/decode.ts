/**
 * Text encoding of report and import files. Mercado Pago writes UTF-8; a file that is not valid UTF-8
 * (a report re-saved by a spreadsheet as "ANSI", a Latin-1 export) is read as Windows-1252, and the
 * caller says so. Whatever the encoding, text reaches the parser in Unicode NFC, so the same report in
 * two encodings (or with decomposed accents, as macOS writes them) yields the same natural keys.
 *
 * The decision covers the whole file: a file can be valid UTF-8 for its first megabytes and not later,
 * so it is taken by a validation pass over every byte, folded into the sha256 pass ingest makes anyway.
 *
 * Windows-1252 is decoded with Node's own TextDecoder (WHATWG Encoding Standard: the mapping browsers
 * and spreadsheets use, where `latin1` and `iso-8859-1` mean windows-1252 too), so no dependency is
 * added; it needs Node's ICU data, which official builds carry in full.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { ReconError } from '../errors.ts';

import type { FileEncoding } from '../db/column-types.ts';

export type { FileEncoding };

export interface FileFacts {
  readonly sha256: string;
  readonly encoding: FileEncoding;
}

const READ_CHUNK = 1 << 20;

/** Bytes at the end of `buf` that start a UTF-8 sequence the buffer does not finish. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return 0;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > back ? back : 0;
  }
  return 0;
}

/** Checks UTF-8 validity chunk by chunk, carrying a sequence cut by a chunk boundary. */
export class Utf8Validator {
  private carry: Buffer = Buffer.alloc(0);
  private ok = true;

  push(chunk: Buffer): void {
    if (!this.ok) return;
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const tail = incompleteTail(buf);
    if (!isUtf8(buf.subarray(0, buf.length - tail))) this.ok = false;
    this.carry = Buffer.from(buf.subarray(buf.length - tail));
  }

  /** True when every byte pushed was UTF-8 and no sequence was left open at the end. */
  valid(): boolean {
    return this.ok && this.carry.length === 0;
  }
}

export function refuseUtf16(first: Buffer, fileName: string): void {
  if (first.length >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))) {
    throw new ReconError('ENCODING_UNSUPPORTED', `${fileName}: the file is UTF-16; save it as UTF-8 (Mercado Pago's own encoding) and try again`);
  }
}

/** One pass over the file: its sha256 and the encoding to read it in. */
export async function inspectFile(path: string, fileName: string, options: { hash?: boolean } = {}): Promise<FileFacts> {
  const hash = options.hash === false ? undefined : createHash('sha256');
  const validator = new Utf8Validator();
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
    if (first) refuseUtf16(chunk, fileName);
    first = false;
    hash?.update(chunk);
    validator.push(chunk);
  }
  return { sha256: hash ? hash.digest('hex') : '', encoding: validator.valid() ? 'utf-8' : 'windows-1252' };
}

/**
 * UTF-8 in, UTF-8 NFC out. Text is normalised in blocks that end at a newline: a newline never takes
 * part in a composition and never sits inside a multi-byte sequence, so cutting there is exact. All-ASCII
 * blocks (most of a report) pass through untouched.
 */
class Utf8ToNfc extends Transform {
  private carry: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = buf.lastIndexOf(10) + 1;
    this.carry = Buffer.from(buf.subarray(cut));
    if (cut > 0) this.push(nfc(buf.subarray(0, cut)));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.carry.length > 0) this.push(nfc(this.carry));
    done();
  }
}

function nfc(block: Buffer): Buffer {
  if (isAscii(block)) return block;
  const text = block.toString('utf8');
  const normal = text.normalize('NFC');
  return normal === text ? block : Buffer.from(normal, 'utf8');
}

/** Windows-1252 in, UTF-8 out. Every Windows-1252 character is precomposed, so the output is NFC. */
class Windows1252ToUtf8 extends Transform {
  private readonly decoder = new TextDecoder('windows-1252');
  private first = true;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let bytes = chunk;
    // A UTF-8 BOM on a file that is not UTF-8 after all: drop it rather than read it as "ï»¿".
    if (this.first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    this.first = false;
    this.push(Buffer.from(this.decoder.decode(bytes, { stream: true }), 'utf8'));
    done();
  }
}

/** The file's bytes as UTF-8 in NFC, whatever encoding it was written in. */
export function openDecoded(path: string, encoding: FileEncoding = 'utf-8'): Readable {
  const source = createReadStream(path, { highWaterMark: READ_CHUNK });
  const decode = encoding === 'utf-8' ? new Utf8ToNfc() : new Windows1252ToUtf8();
  return pipeline(source, decode, () => {});
}

/** Words for the summary line; empty for UTF-8, the normal case. */
export function encodingNote(encoding: FileEncoding): string {
  return encoding === 'utf-8' ? '' : ' (not valid UTF-8: read as Windows-1252)';
}
