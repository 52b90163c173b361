/** Insurers (保険者) in the database. */
import type { Knex } from 'knex';

/** Every insurer's 保険者番号 (the worker keeps one 更新勧奨 schedule per insurer). */
export async function insurerNos(db: Knex): Promise<string[]> {
  const rows: { insurer_no: string }[] = await db('insurers').select('insurer_no').orderBy('insurer_no');
  return rows.map((r) => r.insurer_no);
}

/** An insurer's own settings as its supervisor edits them (/admin/insurer). */
export interface InsurerRow {
  insurer_no: string;
  name: string;
  prefecture: string;
  address: string | null;
  phone: string | null;
  online_start_on: string | null;
  data_migrated: boolean;
  registration_lapse_months: number;
}

const INSURER_COLUMNS = [
  'insurer_no',
  'name',
  'prefecture',
  'address',
  'phone',
  'online_start_on',
  'data_migrated',
  'registration_lapse_months',
] as const;

export async function getInsurer(db: Knex, insurerNo: string): Promise<InsurerRow | undefined> {
  const row = await db('insurers').where({ insurer_no: insurerNo }).first(INSURER_COLUMNS);
  return row ? { ...row, data_migrated: Boolean(row.data_migrated) } : undefined;
}

export type InsurerSettings = Omit<InsurerRow, 'insurer_no' | 'prefecture'>;

/** Saves the settings; returns the values before, for the audit log's detail. */
export async function updateInsurer(db: Knex, insurerNo: string, s: InsurerSettings): Promise<InsurerRow | undefined> {
  return db.transaction(async (trx) => {
    const before = await getInsurer(trx, insurerNo);
    if (before) await trx('insurers').where({ insurer_no: insurerNo }).update(s);
    return before;
  });
}

/**
 * A new insurer and its first 監督者 in one transaction (scripts/setup-insurer.ts). False, and nothing written, when
 * the 保険者番号 or the login ID is already there: running the setup twice changes nothing.
 */
export async function createInsurer(
  db: Knex,
  i: Omit<InsurerRow, 'data_migrated'>,
  admin: { loginId: string; displayName: string; passwordHash: string },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    if (await trx('insurers').where({ insurer_no: i.insurer_no }).first('insurer_no')) return false;
    if (await trx('users').where({ login_id: admin.loginId }).first('id')) return false;
    // 利用開始日 may be known; データ移行完了 is declared later on /admin/insurer, once the core system's data is in.
    await trx('insurers').insert({ ...i, data_migrated: false });
    await trx('users').insert({
      login_id: admin.loginId,
      display_name: admin.displayName,
      role: 'supervisor',
      insurer_no: i.insurer_no,
      office_no: null,
      office_admin: false,
      password_hash: admin.passwordHash,
      active: true,
      must_change_password: true,
    });
    return true;
  });
}
