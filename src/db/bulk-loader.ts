/**
 * Bulk loading behind one interface. On a server, COPY FROM STDIN through pg-copy-streams. On the
 * embedded database COPY FROM STDIN wedges PGlite for good, so it is never sent there: rows go in
 * through PGlite's native `COPY ... FROM '/dev/blob'`, a few megabytes at a time.
 *
 * The input is COPY text format (tab-separated, `\N` for null, one row per line), already escaped.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface BulkLoader {
  copyText(client: pg.PoolClient, table: string, columns: readonly string[], rows: AsyncIterable<string>): Promise<void>;
  /**
   * COPYs a CSV file's bytes as they are (header line skipped) into `table`. Only for files whose
   * records are one line each (see survey-file.ts): the embedded loader cuts the file at line breaks.
   */
  copyCsvFile(client: pg.PoolClient, table: string, columns: readonly string[], path: string, separator: string): Promise<void>;
}

function csvOptions(separator: string, header: boolean): string {
  return `(format csv, delimiter '${separator === ';' ? ';' : ','}', header ${header})`;
}

function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `copy ${table} (${columns.join(', ')}) from ${source}`;
}

export const serverLoader: BulkLoader = {
  async copyText(client, table, columns, rows) {
    const sink = client.query(copyFrom(copyStatement(table, columns, 'stdin')));
    await pipeline(Readable.from(rows), sink);
  },
  async copyCsvFile(client, table, columns, path, separator) {
    const sink = client.query(copyFrom(`${copyStatement(table, columns, 'stdin')} ${csvOptions(separator, true)}`));
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), sink);
  },
};

const EMBEDDED_CHUNK_BYTES = 4 * 1024 * 1024;

export function embeddedLoader(pglite: PGlite): BulkLoader {
  return {
    async copyText(_client, table, columns, rows) {
      const statement = copyStatement(table, columns, `'/dev/blob'`);
      let parts: string[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        // One joined string per Blob: measured 1.6x faster than a Blob of many small strings.
        await pglite.query(statement, [], { blob: new Blob([parts.join('')]) });
        parts = [];
        size = 0;
      };
      for await (const chunk of rows) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= EMBEDDED_CHUNK_BYTES) await flush();
      }
      await flush();
    },
    async copyCsvFile(_client, table, columns, path, separator) {
      let header = true;
      let carry: Buffer = Buffer.alloc(0);
      const send = async (bytes: Buffer) => {
        const statement = `${copyStatement(table, columns, `'/dev/blob'`)} ${csvOptions(separator, header)}`;
        header = false;
        await pglite.query(statement, [], { blob: new Blob([bytes]) });
      };
      for await (const chunk of createReadStream(path, { highWaterMark: EMBEDDED_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
        const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        const cut = bytes.lastIndexOf(0x0a);
        if (cut === -1) {
          carry = bytes;
          continue;
        }
        carry = bytes.subarray(cut + 1);
        await send(bytes.subarray(0, cut + 1));
      }
      if (carry.length > 0 || header) await send(carry);
    },
  };
}
