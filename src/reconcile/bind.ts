/**
 * Binds named parameters (`:start`, `:site`, ...) to positional ones, so each reconciliation statement
 * can use the names it needs (Postgres rejects a statement handed parameters it does not reference).
 */
export interface WindowParams {
  readonly start: Date;
  readonly end: Date;
  readonly site: string;
  readonly tz: string;
  readonly grace: number;
  readonly run: string;
  readonly kinds: readonly string[];
}

export function bind(text: string, params: WindowParams): [string, unknown[]] {
  const order: (keyof WindowParams)[] = [];
  const sqlText = text.replace(/(?<!:):(start|end|site|tz|grace|run|kinds)\b/g, (_, name: keyof WindowParams) => {
    let index = order.indexOf(name);
    if (index === -1) index = order.push(name) - 1;
    return `$${index + 1}`;
  });
  return [sqlText, order.map((name) => params[name])];
}
