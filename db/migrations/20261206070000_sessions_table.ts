import type { Knex } from 'knex';

// The web sessions table, as connect-session-knex would create it, made by the migration so that two web processes
// started together on a new PostgreSQL database do not both try to create it (the second failed: type "sessions"
// already exists). A database where the store already created it keeps its table.
export async function up(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable('sessions')) return;
  const pg = ['pg', 'postgres', 'postgresql'].includes(String(knex.client.config.client));
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid').primary();
    if (pg) t.json('sess').notNullable();
    else t.text('sess').notNullable();
    t.timestamp('expired').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sessions');
}
