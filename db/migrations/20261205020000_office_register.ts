import type { Knex } from 'knex';

// 事業所台帳: the 指定サービス種別 of each office (domain/offices/service-types.ts), and on users the office
// administrator flag (manages its own office's staff) and a forced password change after a reset.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('office_service_types', (t) => {
    t.string('office_no', 10).notNullable().references('offices.office_no');
    t.string('service_type', 40).notNullable();
    t.primary(['office_no', 'service_type']);
  });
  await knex.schema.alterTable('users', (t) => {
    t.boolean('office_admin').notNullable().defaultTo(false);
    t.boolean('must_change_password').notNullable().defaultTo(false);
  });
  // The offices of today carry one kind each: their service type follows from it.
  const kinds: Record<string, string> = {
    home_care_support: 'home_care_support',
    community_support_center: 'community_support_center',
    preventive_support: 'preventive_support',
    facility: 'insurance_facility',
  };
  const offices: { office_no: string; kind: string }[] = await knex('offices').select('office_no', 'kind');
  const rows = offices.map((o) => ({ office_no: o.office_no, service_type: kinds[o.kind] ?? 'other' }));
  if (rows.length) await knex.batchInsert('office_service_types', rows, 200);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('office_admin');
    t.dropColumn('must_change_password');
  });
  await knex.schema.dropTableIfExists('office_service_types');
}
