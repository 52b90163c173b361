/**
 * 暫定利用の登録 (issue 18): services used before the decision, recorded on the case as the table's recordInterimUse
 * action. The 認定係 picks the office from the insurer's office register; a care office records its own use, and only
 * on a case it filed (代行申請) or for a person it filed a 居宅届 for. Any other case answers as a missing one, so an
 * office cannot learn from the answer whether a case exists.
 */
import type { Repositories } from '../../db';
import type { Actor } from '../../domain/actor';
import { mayProvideInterimServices } from '../../domain/certification/interim';
import type { CareLevel, IsoDate } from '../../domain/certification/types';
import type { RecordInterimUseAction } from '../../workflows/certification/messages';
import { NotFoundError, ValidationError } from '../errors';
import type { CertificationService } from './certification';
import type { FieldChoices } from './survey-assignment';

/** What the form gives (the office comes from the session for a care office). */
export interface InterimUseForm {
  officeNo?: string;
  startOn: IsoDate;
  assumedLevel: CareLevel;
}

const NOT_FOUND = '案件が見つかりません';

export class InterimService {
  constructor(
    private readonly repos: Repositories,
    private readonly certification: () => CertificationService,
  ) {}

  /** The office picker of the 認定係's form: the insurer's office register. */
  async choices(actor: Actor): Promise<FieldChoices> {
    const offices = (await this.repos.officeRegister.listOffices(actor.insurerNo)).filter((o) =>
      mayProvideInterimServices(o.kind),
    );
    return { officeNo: offices.map((o) => ({ value: o.office_no, label: `${o.name}（${o.office_no}）` })) };
  }

  /** The 認定係 records interim use: the office must be in the insurer's register. */
  async record(actor: Actor, workflowId: string, form: InterimUseForm, requestId: string): Promise<void> {
    const c = await this.repos.cases.getCase(actor.insurerNo, workflowId);
    if (!c || c.case_kind !== 'certification') throw new NotFoundError(NOT_FOUND);
    const office = form.officeNo ? await this.repos.officeRegister.findOffice(actor.insurerNo, form.officeNo) : null;
    if (!office || !mayProvideInterimServices(office.kind))
      throw new ValidationError([{ field: 'officeNo', message: '事業所台帳から事業所を選んでください' }]);
    await this.certification().perform(workflowId, action(office.office_no, form), actor, requestId);
  }

  /** A care office records its own interim use on a case it may act on (代行申請 or 居宅届 for the person). */
  async recordByOffice(
    actor: Actor,
    officeNo: string,
    workflowId: string,
    form: InterimUseForm,
    requestId: string,
  ): Promise<void> {
    if (!(await this.officeMayRecord(actor.insurerNo, officeNo, workflowId))) throw new NotFoundError(NOT_FOUND);
    await this.certification().perform(workflowId, action(officeNo, form), actor, requestId);
  }

  /** Whether the office filed the case (代行申請) or a 居宅届 for its person. */
  async officeMayRecord(insurerNo: string, officeNo: string, workflowId: string): Promise<boolean> {
    const c = await this.repos.cases.getCase(insurerNo, workflowId);
    if (!c || c.case_kind !== 'certification') return false;
    if (c.filed_by_office_no === officeNo) return true;
    const filings = await this.repos.planNotifications.planCasesOfPerson(insurerNo, officeNo, c.insured_no);
    return filings.length > 0;
  }
}

function action(officeNo: string, form: InterimUseForm): RecordInterimUseAction {
  return { kind: 'recordInterimUse', officeNo, startOn: form.startOn, assumedLevel: form.assumedLevel };
}
