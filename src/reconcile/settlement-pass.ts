/**
 * The settlement half of a run as one statement: the window's rows, the orders they touch and their
 * ledger are built once as common table expressions (in memory, no temp tables to write, read back and
 * analyse), and every settlement kind is inserted into `findings` from them. Returns the window's row
 * count and the number of orders in scope.
 */
import { CANDIDATES, EVIDENCE, ORDER_FINDINGS, ROW_ARITHMETIC, UNMATCHED_ROWS } from './settlement-kinds.ts';
import { LEDGER_CTES } from './window-tables.ts';

export const SETTLEMENT_PASS_STATEMENT = `
  with ${LEDGER_CTES},
   candidates as materialized (${CANDIDATES}),
   evidence as (${EVIDENCE}),
   order_findings as (${ORDER_FINDINGS} returning 1),
   unmatched_findings as (${UNMATCHED_ROWS} returning 1),
   arithmetic_findings as (${ROW_ARITHMETIC} returning 1)
  select (select count(*) from wr) as rows, (select count(*) from ledger) as orders`;
