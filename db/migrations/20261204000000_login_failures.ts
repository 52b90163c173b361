import type { Knex } from 'knex';

// Failed logins, counted per login ID and per address to throttle password guessing (domain/security/login-throttle).
// Rows older than the window are deleted as new failures arrive, so the table stays small.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    t.increments('id');
    t.string('login_id', 64).notNullable();
    t.string('ip', 64).notNullable();
    t.bigInteger('at_ms').notNullable();
    t.index(['login_id', 'at_ms']);
    t.index(['ip', 'at_ms']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_failures');
}
