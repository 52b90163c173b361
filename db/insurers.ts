/** Insurers (保険者) in the database. */
import type { Knex } from 'knex';

/** Every insurer's 保険者番号 (the worker keeps one 更新勧奨 schedule per insurer). */
export async function insurerNos(db: Knex): Promise<string[]> {
  const rows: { insurer_no: string }[] = await db('insurers').select('insurer_no').orderBy('insurer_no');
  return rows.map((r) => r.insurer_no);
}
