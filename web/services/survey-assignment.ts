/**
 * 認定調査員の割当 (issue 18): the picker's lists and the check of a pick. The lists come from the actor's insurer only
 * (its accounts with the 認定調査員 role, and its office register's offices that may take a contracted survey, for
 * the application types the insurer's setting allows); a pick outside them is refused with the field's message. The
 * accepted pick goes to the case as the table's assignSurveyor action, so the task reaches the account's inbox
 * (assigneeLoginId) or the office's task list (officeNo).
 */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import type { ApplicationType } from '../../domain/certification/types';
import {
  pickableOffices,
  pickableSurveyors,
  resolveSurveyAssignment,
  type SurveyAssignment,
  type SurveyorChoice,
} from '../../domain/certification/survey-assignment';
import type { AssignSurveyorAction } from '../../workflows/certification/messages';
import { NotFoundError, ValidationError } from '../errors';
import { found } from '../views/common';
import type { CertificationService } from './certification';

/** Options listed at render time: the field becomes a select of them (web/routes/caseworker/case-actions.ts). */
export type FieldChoices = Readonly<Record<string, readonly { value: string; label: string }[]>>;

export class SurveyAssignmentService {
  constructor(
    private readonly repos: Repositories,
    private readonly certification: () => CertificationService,
    private readonly today: () => string,
  ) {}

  private async candidates(actor: Actor, workflowId: string) {
    const c = found(await this.repos.cases.getCase(actor.insurerNo, workflowId), '案件が見つかりません');
    if (c.case_kind !== 'certification') throw new NotFoundError('案件が見つかりません');
    const type = c.application_type as ApplicationType;
    const [accounts, offices, rules] = await Promise.all([
      this.repos.users.listAccounts(actor.insurerNo, { officeNo: null }),
      this.repos.officeRegister.listOffices(actor.insurerNo),
      this.repos.rules.certificationRulesOn(actor.insurerNo, this.today()),
    ]);
    return {
      type,
      contractTypes: rules.surveyContractApplicationTypes,
      accounts: accounts.map((a) => ({
        loginId: a.login_id,
        displayName: a.display_name,
        role: a.role,
        active: Boolean(a.active),
      })),
      offices: offices.map((o) => ({ officeNo: o.office_no, name: o.name, serviceTypes: o.service_types })),
    };
  }

  /** The picker's options for one case: the insurer's surveyors, and the offices a survey of its type may go to. */
  async choices(actor: Actor, workflowId: string): Promise<FieldChoices> {
    const k = await this.candidates(actor, workflowId);
    return {
      surveyorLoginId: pickableSurveyors(k.accounts).map((a) => ({
        value: a.loginId,
        label: `${a.displayName}（${a.loginId}）`,
      })),
      officeNo: pickableOffices(k.offices, k.type, k.contractTypes).map((o) => ({
        value: o.officeNo,
        label: `${o.name}（${o.officeNo}）`,
      })),
    };
  }

  /** Checks the pick against the insurer's own lists and the case's type; the action to send, or field errors. */
  async resolve(actor: Actor, workflowId: string, choice: SurveyorChoice): Promise<AssignSurveyorAction> {
    const k = await this.candidates(actor, workflowId);
    const r = resolveSurveyAssignment(choice, k);
    if (!r.assignment) throw new ValidationError(r.errors);
    return toAction(r.assignment);
  }

  /** Resolve and send: the case's assignSurveyor Update, idempotent by requestId. */
  async assign(actor: Actor, workflowId: string, choice: SurveyorChoice, requestId: string): Promise<void> {
    const action = await this.resolve(actor, workflowId, choice);
    await this.certification().perform(workflowId, action, actor, requestId);
  }
}

function toAction(a: SurveyAssignment): AssignSurveyorAction {
  return {
    kind: 'assignSurveyor',
    surveyorKind: a.surveyorKind,
    surveyorName: a.surveyorName,
    surveyorLoginId: a.surveyorLoginId,
    officeNo: a.officeNo,
  };
}
