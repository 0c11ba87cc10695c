/**
 * The one binder for SQL kept as text with named parameters (`:start`, `:site`): the reconciliation's
 * statements are large, composed from shared fragments, and read best as SQL, so they name their
 * parameters instead of numbering them. Each name becomes a value of a kysely `sql` template (never
 * text spliced into the statement); a name the params do not have is left alone, and `::` casts are not
 * names. Postgres rejects a statement handed parameters it does not reference, so only the names a
 * statement uses are bound.
 */
import { type RawBuilder, sql } from 'kysely';

export function namedSql<R = unknown>(text: string, params: Readonly<Record<string, unknown>>): RawBuilder<R> {
  const names = Object.keys(params).filter((name) => /^\w+$/.test(name));
  if (names.length === 0) return sql.raw<R>(text);
  const placeholder = new RegExp(`(?<!:):(${names.join('|')})\\b`, 'g');
  const parts: RawBuilder<unknown>[] = [];
  let from = 0;
  for (const match of text.matchAll(placeholder)) {
    parts.push(sql.raw(text.slice(from, match.index)), sql`${params[match[1]!]}`);
    from = match.index + match[0].length;
  }
  parts.push(sql.raw(text.slice(from)));
  return sql<R>`${sql.join(parts, sql.raw(''))}`;
}
