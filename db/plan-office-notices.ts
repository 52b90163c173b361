/**
 * The お知らせ of a certification case for the person's plan office (担当事業所). The workflow addresses its お知らせ to
 * the office that filed a 代行申請 only; the read-model writer adds the plan office's copy here, inside the step's own
 * transaction, so a running case's commands (and its history) stay as they are and a retried step adds nothing twice.
 */
import type { Knex } from 'knex';
import { OFFICE_NOTICE_TITLES, officeNoticeFor } from '../domain/certification/office-notices';
import { jstDateOf } from '../domain/dates';
import type { ProgressRecord, TaskSpec } from './read-model';

/** The office of the person's 担当 assignment (from the accepted 居宅届) that covers the day; null when none. */
export async function planOfficeOn(db: Knex, insuredNo: string, on: string): Promise<string | null> {
  const row = await db('office_assignments')
    .where({ insured_no: insuredNo })
    .where('start_date', '<=', on)
    .where((w) => w.whereNull('end_date').orWhere('end_date', '>=', on))
    .orderBy([
      { column: 'start_date', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('office_no');
  return row?.office_no ?? null;
}

/**
 * The task to open for the plan office with this step, or null: the step is a certification event that sends a
 * お知らせ (domain/certification/office-notices), the person has a plan office on the step's day, and none of the
 * step's own tasks already goes to that office (the plan office filed the 代行申請: one お知らせ, not two).
 */
export async function planOfficeNotice(
  trx: Knex.Transaction,
  r: ProgressRecord,
  row: { case_kind: string; insured_no: string } | undefined,
): Promise<TaskSpec | null> {
  const notice = r.event ? officeNoticeFor(r.event) : null;
  const caseKind = r.case?.case_kind ?? row?.case_kind;
  const insuredNo = r.case?.insured_no ?? row?.insured_no;
  if (!notice || caseKind !== 'certification' || !insuredNo) return null;
  const officeNo = await planOfficeOn(trx, insuredNo, jstDateOf(Date.parse(r.occurredAt)));
  if (!officeNo || (r.openTasks ?? []).some((t) => t.officeNo === officeNo)) return null;
  return {
    key: `${notice.key}-plan-office`,
    taskKey: notice.taskKey,
    type: 'office_notice',
    title: OFFICE_NOTICE_TITLES[notice.taskKey],
    candidateRole: 'office_staff',
    officeNo,
    dueOn: null,
  };
}
