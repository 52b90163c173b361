/** What the case pages read: the insurer's case list, one case with its tasks, history and person, its notices. */
import type { Repositories } from '../../db';
import type { CaseFilter } from '../../db/cases';
import { mayReadCaseKind } from '../../domain/access';
import type { Actor } from '../../domain/actor';
import { ForbiddenError } from '../errors';
import { found } from '../views/common';

export class CaseQueryService {
  constructor(private readonly repos: Repositories) {}

  list(actor: Actor, f: Omit<CaseFilter, 'insurerNo'>) {
    return this.repos.cases.listCases({ ...f, insurerNo: actor.insurerNo });
  }

  /** The case of the actor's insurer; NotFoundError for an unknown case and for another insurer's. */
  async get(actor: Actor, workflowId: string) {
    const c = found(await this.repos.cases.getCase(actor.insurerNo, workflowId), '案件が見つかりません');
    // 居宅届 only for the roles that review them, whichever page asks (case, history, notices, actions)
    if (!mayReadCaseKind(actor.role, c.case_kind)) throw new ForbiddenError('この届出を閲覧する権限がありません');
    return c;
  }

  /** The case page: the case, its tasks, 業務履歴 and notices, and its person with consent and 担当事業所. */
  async page(actor: Actor, workflowId: string) {
    const c = await this.get(actor, workflowId);
    const { cases, tasks, notices, persons } = this.repos;
    const insurerNo = actor.insurerNo;
    const [caseTasks, events, caseNotices, person, consent, assignments] = await Promise.all([
      tasks.tasksOfCase(insurerNo, workflowId),
      cases.caseEvents(insurerNo, workflowId),
      notices.noticesOfCase(insurerNo, workflowId),
      persons.getPerson(insurerNo, c.insured_no),
      persons.currentConsent(insurerNo, c.insured_no),
      persons.assignmentsOfPerson(insurerNo, c.insured_no),
    ]);
    return { c, tasks: caseTasks, events, notices: caseNotices, person, consent, assignments };
  }

  /** A stored notice of the actor's insurer; NotFoundError otherwise. */
  async notice(actor: Actor, id: string) {
    const n = found(await this.repos.notices.getNotice(actor.insurerNo, id), '通知書が見つかりません');
    await this.get(actor, n.workflow_id);
    return n;
  }
}
