/**
 * Checks the web makes before a 居宅届 reaches the workflow, on what only the register and the office's own filings
 * can tell: a repeated filing (domain/plan-notification/duplicates), and, for a client the office serves, a birth date
 * that does not match the register. For anyone else the workflow's enumeration-safe "not found" stands.
 */
import type { Repositories } from '../../db';
import type { CaseRow } from '../../db/read-model';
import { officeMayViewPerson } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import type { IsoDate } from '../../domain/certification/types';
import { type EarlierFiling, findDuplicateFiling } from '../../domain/plan-notification/duplicates';
import type { PlanFiling, PlanRound } from '../../domain/plan-notification/types';
import { FieldError, ValidationError } from '../errors';
import { parseJson } from '../views/common';

function earlierOf(c: CaseRow): EarlierFiling {
  const summary = parseJson(c.summary_json) as { rounds?: PlanRound[]; acceptedOn?: IsoDate | null; filingNo?: string };
  const rounds = summary.rounds ?? [];
  return {
    filingNo: summary.filingNo ?? c.application_no ?? c.workflow_id,
    state: c.status === 'open' ? 'open' : c.stage === 'accepted' ? 'accepted' : 'closed',
    acceptedOn: summary.acceptedOn ?? null,
    filing: rounds.at(-1)?.filing ?? null,
  };
}

/** Throws ValidationError (form fields) when the filing must not go on as it is. */
export async function checkNewFiling(
  repos: Repositories,
  actor: Actor,
  f: { requestId: string; filing: PlanFiling; today: IsoDate; confirmDuplicate: boolean },
): Promise<void> {
  const officeNo = actor.officeNo;
  if (!officeNo) return;
  const insuredNo = f.filing.person.insuredNo;
  const errors: FieldError[] = [];
  const facts = await repos.planNotifications.planPrefillFacts(actor.insurerNo, insuredNo);
  if (facts && officeMayViewPerson({ officeNo, today: f.today, ...facts })) {
    if (facts.person.birth_date !== f.filing.person.birthDate) {
      errors.push({ field: 'person.birthDate', message: '生年月日が被保険者台帳の記録と一致しません' });
    }
  }
  const earlier = await repos.planNotifications.planCasesOfPerson(actor.insurerNo, officeNo, insuredNo);
  const dup = findDuplicateFiling({
    filing: f.filing,
    requestId: f.requestId,
    earlier: earlier.map(earlierOf),
    today: f.today,
  });
  if (dup?.kind === 'identical') errors.push({ field: 'person.insuredNo', message: dup.message });
  if (dup?.kind === 'similar' && !f.confirmDuplicate) errors.push({ field: 'confirmDuplicate', message: dup.message });
  if (errors.length) throw new ValidationError(errors);
}
