/**
 * Care-office scope for one person or case: domain/access.ts officeMayViewPerson decides. The office's lists use its SQL
 * form (db/queries.ts officeClientsPage / officeProgressPage), checked against it by test/db/office-visibility.test.ts.
 */
import type { Knex } from 'knex';
import { accessFactsFor, getCase } from '../../../db/queries';
import { officeMayViewPerson } from '../../../domain/access';
import type { IsoDate } from '../../../domain/certification/types';
import { ForbiddenError } from '../../errors';
import { found } from '../../views/common';

type Facts = Awaited<ReturnType<typeof accessFactsFor>> extends Map<string, infer F> ? F : never;

/** officeMayViewPerson on the facts accessFactsFor read (the office pages' single-person check). */
export function mayView(officeNo: string, today: IsoDate, f: Facts | undefined): boolean {
  if (!f) return false;
  return officeMayViewPerson({
    officeNo,
    today,
    assignments: f.assignments.map((a) => ({ officeNo: a.office_no, startDate: a.start_date, endDate: a.end_date })),
    consent: f.consent ? { granted: f.consent.granted, revokedOn: f.consent.revoked_on } : null,
    pendingProxyApplicationOfficeNos: f.proxyOffices,
  });
}

/** True when the office may see this person today. */
export async function mayViewPerson(db: Knex, officeNo: string, insuredNo: string, today: IsoDate): Promise<boolean> {
  const facts = await accessFactsFor(db, [insuredNo]);
  return mayView(officeNo, today, facts.get(insuredNo));
}

/** The case, when the office filed it or may see its person; 404 when unknown, 403 otherwise. */
export async function caseForOffice(db: Knex, officeNo: string, workflowId: string, today: IsoDate) {
  const c = found(await getCase(db, workflowId), '案件が見つかりません');
  if (c.filed_by_office_no === officeNo || (await mayViewPerson(db, officeNo, c.insured_no, today))) return c;
  throw new ForbiddenError('この案件を閲覧する権限がありません');
}
