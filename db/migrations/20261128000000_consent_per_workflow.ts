import type { Knex } from 'knex';

// A case records the consent taken at its intake once (activities/certification.ts recordIntakeConsent). The unique
// index makes that a single INSERT … ON CONFLICT DO NOTHING instead of a transaction that looks first; consents entered
// by hand carry no workflow ID, and NULLs never collide.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('consents', (t) =>
    t.unique(['source_workflow_id'], { indexName: 'consents_source_workflow_unique' }),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('consents', (t) =>
    t.dropUnique(['source_workflow_id'], 'consents_source_workflow_unique'),
  );
}
