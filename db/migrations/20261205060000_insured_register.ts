import type { Knex } from 'knex';

// The insured-person register (被保険者台帳): 負担割合証 and 負担限度額認定証 by period, and 住宅改修・福祉用具購入
// entries, each change a new row; the row it replaced points to it (superseded_by), so every earlier value stays with
// who entered it, when and why. insured_persons keeps the current certificate values in step (db/register.ts).
// register_office_views holds what each office was last shown of a person, for 「更新あり」.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('register_certificates', (t) => {
    t.increments('id');
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('kind', 16).notNullable(); // copay / burden_limit
    t.string('valid_from', 10).notNullable();
    t.string('valid_to', 10).notNullable();
    t.string('value', 16).notNullable(); // 1 / 2 / 3, or the 段階 code
    t.text('reason');
    t.string('source', 16).notNullable(); // manual / import / migration / seed
    t.string('recorded_by');
    t.string('recorded_at').notNullable();
    t.integer('superseded_by');
    t.index(['insurer_no', 'insured_no', 'kind', 'valid_from']);
  });
  await knex.schema.createTable('register_usages', (t) => {
    t.increments('id');
    t.string('entry_no', 40).notNullable(); // the entry's key across its corrections (the core system's, on import)
    t.string('insurer_no', 6).notNullable().references('insurers.insurer_no');
    t.string('insured_no', 10).notNullable().references('insured_persons.insured_no');
    t.string('kind', 24).notNullable(); // home_modification / welfare_equipment
    t.string('used_on', 10).notNullable();
    t.integer('amount_yen').notNullable();
    t.string('care_level', 16); // 住宅改修: level at the start (the 3段階 reset)
    t.string('dwelling'); // 住宅改修: the dwelling altered (the 転居 reset)
    t.string('description');
    t.boolean('voided').notNullable().defaultTo(false);
    t.text('reason');
    t.string('source', 16).notNullable();
    t.string('recorded_by');
    t.string('recorded_at').notNullable();
    t.integer('superseded_by');
    t.index(['insurer_no', 'insured_no', 'kind']);
    t.index(['insurer_no', 'entry_no']);
  });
  await knex.schema.createTable('register_office_views', (t) => {
    t.string('office_no', 10).notNullable();
    t.string('insured_no', 10).notNullable();
    t.text('seen_json').notNullable();
    t.string('seen_at').notNullable();
    t.primary(['office_no', 'insured_no']);
  });

  // What the demo seed and earlier data hold becomes the first row of each value.
  const now = new Date().toISOString();
  const stageCodes: Record<string, string> = {
    第1段階: 'stage_1',
    第2段階: 'stage_2',
    '第3段階①': 'stage_3_1',
    '第3段階②': 'stage_3_2',
  };
  const persons: {
    insured_no: string;
    insurer_no: string;
    copay_ratio: number | null;
    copay_valid_from: string | null;
    copay_valid_to: string | null;
    burden_limit_stage: string | null;
    burden_limit_valid_to: string | null;
  }[] = await knex('insured_persons').select(
    'insured_no',
    'insurer_no',
    'copay_ratio',
    'copay_valid_from',
    'copay_valid_to',
    'burden_limit_stage',
    'burden_limit_valid_to',
  );
  for (const p of persons) {
    const base = { insurer_no: p.insurer_no, insured_no: p.insured_no, source: 'migration', recorded_at: now };
    if (p.copay_ratio && p.copay_valid_from && p.copay_valid_to) {
      await knex('register_certificates').insert({
        ...base,
        kind: 'copay',
        valid_from: p.copay_valid_from,
        valid_to: p.copay_valid_to,
        value: String(p.copay_ratio),
      });
    }
    const stage = p.burden_limit_stage ? (stageCodes[p.burden_limit_stage] ?? p.burden_limit_stage) : null;
    if (stage) {
      const to = p.burden_limit_valid_to ?? p.copay_valid_to;
      if (to) {
        await knex('register_certificates').insert({
          ...base,
          kind: 'burden_limit',
          valid_from: `${Number(to.slice(0, 4)) - 1}-08-01`,
          valid_to: to,
          value: stage,
        });
      }
      await knex('insured_persons').where({ insured_no: p.insured_no }).update({ burden_limit_stage: stage });
    }
  }
  const usages: {
    id: number;
    insured_no: string;
    kind: string;
    used_on: string;
    amount_yen: number;
    description: string | null;
    insurer_no: string;
  }[] = await knex('benefit_usages as u')
    .join('insured_persons as p', 'p.insured_no', 'u.insured_no')
    .select('u.*', 'p.insurer_no');
  for (const u of usages) {
    await knex('register_usages').insert({
      entry_no: `M${u.id}`,
      insurer_no: u.insurer_no,
      insured_no: u.insured_no,
      kind: u.kind,
      used_on: u.used_on,
      amount_yen: u.amount_yen,
      description: u.description,
      source: 'migration',
      recorded_at: now,
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('register_office_views');
  await knex.schema.dropTableIfExists('register_usages');
  await knex.schema.dropTableIfExists('register_certificates');
}
