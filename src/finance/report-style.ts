/**
 * The report's one inline stylesheet: system fonts only (nothing to download), tabular figures so
 * amounts line up, and print rules so the page also works as a PDF from the browser's print dialog.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6673; --line: #d9dee4; --band: #f4f6f8; --risk: #b42318; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1440px; padding: 24px 28px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: var(--band); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.risk { color: var(--risk); font-weight: 600; }
td.ok { color: var(--ok); }
td.nowrap, td.id { white-space: nowrap; }
td.id { font-variant-numeric: tabular-nums; }
.cur { color: var(--muted); font-weight: 400; font-size: 0.85em; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 220px; }
.card .big { font-size: 24px; font-weight: 650; color: var(--risk); white-space: nowrap; font-variant-numeric: tabular-nums; }
.ok { color: var(--ok); }
td.source { overflow-wrap: anywhere; min-width: 170px; }
.scroll { overflow-x: auto; }
table.totals td, table.totals th { font-size: 15px; }
table.mismatches { font-size: 12.5px; }
table.mismatches td, table.mismatches th { padding: 4px 6px; }
table.mismatches tbody tr:nth-child(even) { background: #fafbfc; }
.muted { color: var(--muted); }
.chart { width: 100%; height: auto; display: block; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .axis { stroke: var(--muted); stroke-width: 1; }
.chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.chart text.total { fill: var(--ink); font-weight: 600; }
.chart text.axis-label { font-size: 12px; }
ul.legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
.bar { display: block; height: 12px; }
.note { color: var(--muted); font-size: 12.5px; }
h2.account { font-size: 21px; margin-top: 48px; border-bottom: 2px solid var(--ink); }
section.account { break-before: page; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12.5px; }
footer dt { font-weight: 600; color: var(--ink); margin-top: 6px; }
footer dd { margin: 0 0 0 0; }
@media print { body { padding: 0; max-width: none; } .scroll { overflow: visible; } table.mismatches { font-size: 9.5px; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
`;
