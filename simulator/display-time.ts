/**
 * Dates as MP writes them. Report files use the config's display_timezone (`GMT-04` by default; MP
 * does not adjust it for DST, so GMT±hh[:mm] is a fixed offset), IANA names are accepted too. Task JSON
 * echoes ranges in UTC (`2019-05-01T00:00:00Z`).
 */
import { atOffset, offsetMinutes } from './generator/dates.ts';

export interface DisplayZone {
  readonly name: string;
  offsetMinutes(at: Date): number;
}

const GMT_RE = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;

export function parseDisplayZone(text: string): DisplayZone | undefined {
  const m = GMT_RE.exec(text.trim());
  if (m) {
    const minutes = Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
    if (minutes > 14 * 60) return undefined;
    const offset = m[1] === '-' ? -minutes : minutes;
    return { name: text, offsetMinutes: () => offset };
  }
  try {
    offsetMinutes(new Date(0), text);
    return { name: text, offsetMinutes: (at) => offsetMinutes(at, text) };
  } catch {
    return undefined;
  }
}

/** `2018-04-17T15:07:53.000-04:00` */
export function formatDisplayDate(at: Date, zone: DisplayZone): string {
  return atOffset(at, zone.offsetMinutes(at));
}

/** `2019-05-28-104010`, the stamp in report file names. */
export function formatFileStamp(at: Date, zone: DisplayZone): string {
  const iso = new Date(at.getTime() + zone.offsetMinutes(at) * 60_000).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** `2019-05-01T00:00:00Z` (milliseconds kept only when not zero). */
export function formatUtc(at: Date): string {
  const iso = at.toISOString();
  return at.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : iso;
}
