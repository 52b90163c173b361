/** Notices (通知書) of a case, as stored by the activities (read-model.ts storeNotice); scoped to the insurer. */
import type { Knex } from 'knex';
import { whereCaseOfInsurer } from './scope';

export interface NoticeListRow {
  id: string;
  workflow_id: string;
  kind: string;
  title: string;
  created_at: string;
}

/** Notices of one case (without the HTML). */
export async function noticesOfCase(db: Knex, insurerNo: string, workflowId: string): Promise<NoticeListRow[]> {
  return whereCaseOfInsurer(db('notices'), 'notices.workflow_id', insurerNo)
    .where({ workflow_id: workflowId })
    .select('id', 'workflow_id', 'kind', 'title', 'created_at')
    .orderBy('created_at');
}

/** A notice of one of the insurer's cases (undefined for another insurer's). */
export async function getNotice(
  db: Knex,
  insurerNo: string,
  id: string,
): Promise<(NoticeListRow & { html: string }) | undefined> {
  return whereCaseOfInsurer(db('notices'), 'notices.workflow_id', insurerNo).where({ id }).first('notices.*');
}

/** The person a notice goes to and the insurer it comes from, in one query (either null when unknown). */
export async function noticeAddressee(db: Knex, insurerNo: string, insuredNo: string) {
  const row = await db('insurers')
    .leftJoin('insured_persons', (j) =>
      j
        .on('insured_persons.insured_no', '=', db.raw('?', [insuredNo]))
        .andOn('insured_persons.insurer_no', '=', 'insurers.insurer_no'),
    )
    .where('insurers.insurer_no', insurerNo)
    .first(
      'insurers.insurer_no',
      'insurers.name as insurer_name',
      'insurers.address as insurer_address',
      'insurers.phone',
      'insured_persons.insured_no',
      'insured_persons.name',
      'insured_persons.kana',
      'insured_persons.birth_date',
      'insured_persons.address',
    );
  return {
    person: row?.insured_no
      ? { insuredNo: row.insured_no, name: row.name, kana: row.kana, birthDate: row.birth_date, address: row.address }
      : null,
    insurer: row
      ? { insurerNo: row.insurer_no, name: row.insurer_name, address: row.insurer_address, phone: row.phone }
      : null,
  };
}
