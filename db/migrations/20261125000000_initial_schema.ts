import type { Knex } from 'knex';

// Dates are 'YYYY-MM-DD' strings (IsoDate); instants are ISO-8601 UTC strings. Both sort as text on SQLite and PostgreSQL.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('insurers', (t) => {
    t.string('insurer_no', 6).primary(); // 保険者番号
    t.string('name').notNullable();
    t.string('prefecture').notNullable();
    t.string('address');
    t.string('phone');
  });

  await knex.schema.createTable('offices', (t) => {
    t.string('office_no', 10).primary(); // 事業所番号
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('name').notNullable();
    t.string('kind').notNullable(); // OfficeKind
    t.string('address');
    t.string('phone');
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('login_id').notNullable().unique();
    t.string('password_hash').notNullable();
    t.string('display_name').notNullable();
    t.string('role').notNullable(); // Role
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('office_no', 10).references('offices.office_no');
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('insured_persons', (t) => {
    t.string('insured_no', 10).primary(); // 被保険者番号
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('name').notNullable();
    t.string('kana').notNullable();
    t.string('birth_date', 10).notNullable();
    t.string('sex', 1).notNullable(); // '1' 男 / '2' 女
    t.string('address');
    t.string('phone');
    t.integer('insured_category').notNullable().defaultTo(1); // 第1号 / 第2号
    t.string('status').notNullable().defaultTo('active'); // active / deceased / moved_out
    // 被保険者証: current certification
    t.string('care_level');
    t.string('cert_valid_from', 10);
    t.string('cert_valid_to', 10);
    t.string('certified_on', 10);
    t.text('board_opinion'); // 審査会の意見
    t.text('service_type_restriction'); // サービスの種類の指定
    // 負担割合証 (8/1–7/31) and 負担限度額認定証
    t.integer('copay_ratio');
    t.string('copay_valid_from', 10);
    t.string('copay_valid_to', 10);
    t.string('burden_limit_stage');
    t.string('burden_limit_valid_to', 10);
    // 居宅介護支援事業者 on the 被保険者証 (field H)
    t.string('plan_office_no', 10).references('offices.office_no');
    t.string('plan_notified_on', 10);
    t.string('updated_at').notNullable();
    t.index(['insurer_no', 'kana']);
  });

  // 介護情報基盤 sharing consent (包括同意) per person, with the channel it came through.
  await knex.schema.createTable('consents', (t) => {
    t.increments('id');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.boolean('granted').notNullable();
    t.string('granted_on', 10).notNullable();
    t.string('channel').notNullable(); // municipality / office_proxy
    t.string('obtained_by_office_no', 10).references('offices.office_no');
    t.string('revoked_on', 10);
    t.string('source_workflow_id');
    t.index(['insured_no']);
  });

  // Which office serves which person (担当事業所), from accepted 居宅届.
  await knex.schema.createTable('office_assignments', (t) => {
    t.increments('id');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('office_no', 10).notNullable().references('offices.office_no');
    t.string('start_date', 10).notNullable();
    t.string('end_date', 10);
    t.string('source_workflow_id');
    t.unique(['source_workflow_id', 'insured_no', 'office_no']);
    t.index(['office_no', 'end_date']);
    t.index(['insured_no']);
  });

  // 住宅改修・福祉用具購入 usage (利用状況)
  await knex.schema.createTable('benefit_usages', (t) => {
    t.increments('id');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('kind').notNullable(); // home_modification / welfare_equipment
    t.string('used_on', 10).notNullable();
    t.integer('amount_yen').notNullable();
    t.string('description');
    t.index(['insured_no', 'kind']);
  });

  // Versioned per-insurer rule settings; a case snapshots the rules in force on its application date.
  await knex.schema.createTable('rule_versions', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('rule_set').notNullable(); // 'certification'
    t.string('effective_from', 10).notNullable();
    t.text('rules_json').notNullable();
    t.string('created_by');
    t.string('created_at').notNullable();
    t.unique(['insurer_no', 'rule_set', 'effective_from']);
  });

  // Read model: one row per case (workflow). Temporal stays the source of truth.
  await knex.schema.createTable('cases', (t) => {
    t.string('workflow_id').primary();
    t.string('case_kind').notNullable(); // certification / plan_notification / renewal_watch
    t.string('insurer_no', 6).notNullable();
    t.string('insured_no', 10).notNullable();
    t.string('application_no');
    t.string('application_type');
    t.string('applied_on', 10);
    t.string('filed_by_office_no', 10);
    t.string('stage').notNullable();
    t.string('status').notNullable(); // open / closed
    t.string('outcome');
    t.string('due_on', 10);
    t.string('sla_state');
    t.string('primary_level');
    t.string('final_level');
    t.string('valid_from', 10);
    t.string('valid_to', 10);
    t.text('summary_json');
    t.integer('last_seq').notNullable().defaultTo(0);
    t.string('created_at').notNullable();
    t.string('updated_at').notNullable();
    t.index(['status', 'stage']);
    t.index(['insured_no']);
    t.index(['filed_by_office_no', 'updated_at']);
    t.index(['status', 'due_on']);
    t.index(['case_kind', 'status', 'updated_at']);
  });

  // Human tasks (inbox). id = `${workflowId}:${taskKey}` so re-running an activity upserts the same row.
  await knex.schema.createTable('tasks', (t) => {
    t.string('id').primary();
    t.string('workflow_id').notNullable();
    t.string('task_type').notNullable();
    t.string('title').notNullable();
    t.string('candidate_role').notNullable();
    t.string('office_no', 10); // set when the task is for a care office
    t.integer('assignee_user_id');
    t.string('status').notNullable(); // open / completed / cancelled
    t.string('due_on', 10);
    t.string('created_at').notNullable();
    t.string('completed_at');
    t.string('completed_by');
    t.index(['status', 'candidate_role', 'due_on']);
    t.index(['assignee_user_id', 'status']);
    t.index(['workflow_id']);
    t.index(['office_no', 'status']);
  });

  // Business history of each case (who did what, when), in workflow order.
  await knex.schema.createTable('case_events', (t) => {
    t.string('workflow_id').notNullable();
    t.integer('seq').notNullable();
    t.string('event_type').notNullable();
    t.string('actor');
    t.string('occurred_at').notNullable();
    t.text('payload_json');
    t.primary(['workflow_id', 'seq']);
  });

  // Rendered notices (結果通知書, 延期通知書, 主治医意見書依頼書, 受理通知, 返戻通知).
  await knex.schema.createTable('notices', (t) => {
    t.string('id').primary(); // `${workflowId}:${noticeKey}`
    t.string('workflow_id').notNullable();
    t.string('kind').notNullable();
    t.string('title').notNullable();
    t.text('html').notNullable();
    t.string('created_at').notNullable();
    t.index(['workflow_id']);
  });

  // Outbound messages (国保連 受給者異動 etc.) for a later export to send.
  await knex.schema.createTable('outbox', (t) => {
    t.string('id').primary(); // `${workflowId}:${key}`
    t.string('kind').notNullable();
    t.text('payload_json').notNullable();
    t.string('created_at').notNullable();
    t.string('sent_at');
    t.index(['kind', 'sent_at']);
  });

  // Who did what in the web app (logins, views of personal data, commands).
  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('at').notNullable();
    t.integer('user_id');
    t.string('login_id');
    t.string('action').notNullable();
    t.string('target');
    t.text('detail_json');
    t.string('ip');
    t.index(['at']);
    t.index(['target']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'outbox',
    'notices',
    'case_events',
    'tasks',
    'cases',
    'rule_versions',
    'benefit_usages',
    'office_assignments',
    'consents',
    'insured_persons',
    'users',
    'offices',
    'insurers',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
