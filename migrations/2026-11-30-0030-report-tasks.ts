/**
 * Report tasks that outlived the wait: a report MP is still generating when a run stops waiting is
 * remembered here, so the next run waits for that same task instead of asking MP for another report.
 * One row per kind, site and chunk of business dates; removed once the task is ready or failed.
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table report_tasks (
      kind text not null check (kind in ('settlement','release')),
      site text not null,
      covers_from date not null,
      covers_to date not null,
      task_id text,
      begin_date text not null,
      end_date text not null,
      requested_at timestamptz not null,
      runs_waited integer not null default 1,
      last_status text,
      primary key (kind, site, covers_from, covers_to)
    );
    comment on table report_tasks is 'Report tasks MP had not finished when a run stopped waiting; the next run resumes them.';
    comment on column report_tasks.task_id is 'MP task id; null when create answered without one (then matched by begin_date, end_date and created_from manual).';
    comment on column report_tasks.runs_waited is 'How many runs have waited for this task.';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table report_tasks`.execute(db);
}
