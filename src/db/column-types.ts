/**
 * Column types shared by the table and view interfaces: pg returns numeric and int8 as strings, so money and
 * counts are `string` and become Decimal in code; timestamptz comes back as Date.
 */
import type { ColumnType } from 'kysely';

/** numeric: read as string, written as string (never a JS number). */
export type Money = string;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type DateOnly = ColumnType<string, string, string>;
export type Json = ColumnType<unknown, string, string>;

/** A mismatch's lifecycle: the mismatches table and the finance views. */
export type MismatchStatus = 'open' | 'acknowledged' | 'resolved';

/** How a report file's bytes were decoded (report_files.encoding; detected by src/parse/decode.ts). */
export type FileEncoding = 'utf-8' | 'windows-1252';
