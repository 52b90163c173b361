/** What the status page reads about the database itself: that it answers, its migrations, row counts. */
import type { Knex } from 'knex';
import { whereCaseOfInsurer } from './scope';

/** The client name and how many migrations are applied (throws when the database does not answer). */
export async function databaseInfo(db: Knex): Promise<{ client: string; migrations: number }> {
  const [{ n }] = await db('knex_migrations').count({ n: '*' });
  return { client: String(db.client.config.client), migrations: Number(n) };
}

/** The start page's counts for a supervisor: their insurer's rows only, like every other page of theirs. */
export async function systemCounts(db: Knex, insurerNo: string) {
  const one = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' })) as { n: number | string }[])[0].n);
  const [insuredPersons, openCases, openTasks, offices, users] = await Promise.all([
    one(db('insured_persons').where({ insurer_no: insurerNo })),
    one(db('cases').where({ status: 'open', insurer_no: insurerNo })),
    one(whereCaseOfInsurer(db('tasks as t').where('t.status', 'open'), 't.workflow_id', insurerNo)),
    one(db('offices').where({ insurer_no: insurerNo })),
    one(db('users').where({ insurer_no: insurerNo })),
  ]);
  return { insuredPersons, openCases, openTasks, offices, users };
}
