/** What the status page reads about the database itself: that it answers, its migrations, row counts. */
import type { Knex } from 'knex';

/** The client name and how many migrations are applied (throws when the database does not answer). */
export async function databaseInfo(db: Knex): Promise<{ client: string; migrations: number }> {
  const [{ n }] = await db('knex_migrations').count({ n: '*' });
  return { client: String(db.client.config.client), migrations: Number(n) };
}

export async function systemCounts(db: Knex) {
  const one = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' })) as { n: number | string }[])[0].n);
  return {
    insuredPersons: await one(db('insured_persons')),
    openCases: await one(db('cases').where({ status: 'open' })),
    openTasks: await one(db('tasks').where({ status: 'open' })),
    offices: await one(db('offices')),
    users: await one(db('users')),
  };
}
